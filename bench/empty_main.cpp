// The start-up floor: a program that does nothing, linked like `chronicle` (see CMakeLists.txt).
int main() {
  return 0;
}
