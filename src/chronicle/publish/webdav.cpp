#include "chronicle/publish/webdav.hpp"

#include <cctype>
#include <sstream>

#include <pugixml.hpp>

namespace chronicle::webdav {

namespace {

constexpr std::string_view k_dav = "DAV:";
constexpr std::string_view k_caldav = "urn:ietf:params:xml:ns:caldav";

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// The namespace URI of `n`'s name, from the xmlns attributes of it and its ancestors.
std::string_view namespace_of(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  const std::string attr =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (auto p = n; p; p = p.parent())
    if (auto a = p.attribute(attr.c_str())) return a.value();
  return {};
}

bool is(const pugi::xml_node& n, std::string_view ns, std::string_view name) {
  return n.type() == pugi::node_element && local_name(n) == name && namespace_of(n) == ns;
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view ns, std::string_view name) {
  for (auto c : n.children())
    if (is(c, ns, name)) return c;
  return {};
}

/// The code of a `DAV:status` text, "HTTP/1.1 404 Not Found" → 404; 0 when unreadable.
int status_code(std::string_view text) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos) return 0;
  int code = 0;
  for (auto i = space + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
    code = code * 10 + (text[i] - '0');
  return code;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw);
  return out.str();
}

pugi::xml_document with_declaration() {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  return doc;
}

}  // namespace

std::optional<multistatus> parse_multistatus(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return std::nullopt;
  const auto root = doc.document_element();
  if (!is(root, k_dav, "multistatus")) return std::nullopt;
  multistatus out;
  for (auto r : root.children()) {
    if (is(r, k_dav, "sync-token")) {
      out.sync_token = trimmed(r.text().get());
      continue;
    }
    if (!is(r, k_dav, "response")) continue;
    entry e;
    e.href = trimmed(child(r, k_dav, "href").text().get());
    if (e.href.empty()) continue;
    if (auto s = child(r, k_dav, "status"); s && status_code(s.text().get()) == 404) e.gone = true;
    for (auto ps : r.children()) {
      if (!is(ps, k_dav, "propstat")) continue;
      if (status_code(child(ps, k_dav, "status").text().get()) / 100 != 2) continue;
      const auto prop = child(ps, k_dav, "prop");
      if (auto etag = child(prop, k_dav, "getetag"); etag && *etag.text().get())
        e.etag = trimmed(etag.text().get());
      if (auto type = child(prop, k_dav, "resourcetype"); type && child(type, k_dav, "collection"))
        e.collection = true;
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> error_conditions(std::string_view xml) {
  std::vector<std::string> out;
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return out;
  const auto root = doc.document_element();
  if (!is(root, k_dav, "error")) return out;
  for (auto c : root.children())
    if (c.type() == pugi::node_element) out.emplace_back(local_name(c));
  return out;
}

std::string sync_collection_body(std::string_view sync_token) {
  auto doc = with_declaration();
  auto root = doc.append_child("D:sync-collection");
  root.append_attribute("xmlns:D") = std::string(k_dav).c_str();
  root.append_child("D:sync-token").text() = std::string(sync_token).c_str();
  root.append_child("D:sync-level").text() = "1";
  root.append_child("D:prop").append_child("D:getetag");
  return to_string(doc);
}

std::string propfind_etags_body() {
  auto doc = with_declaration();
  auto root = doc.append_child("D:propfind");
  root.append_attribute("xmlns:D") = std::string(k_dav).c_str();
  auto prop = root.append_child("D:prop");
  prop.append_child("D:getetag");
  prop.append_child("D:resourcetype");
  return to_string(doc);
}

std::string mkcalendar_body(std::string_view display_name) {
  auto doc = with_declaration();
  auto root = doc.append_child("C:mkcalendar");
  root.append_attribute("xmlns:D") = std::string(k_dav).c_str();
  root.append_attribute("xmlns:C") = std::string(k_caldav).c_str();
  auto prop = root.append_child("D:set").append_child("D:prop");
  prop.append_child("D:displayname").text() = std::string(display_name).c_str();
  auto components = prop.append_child("C:supported-calendar-component-set");
  components.append_child("C:comp").append_attribute("name") = "VEVENT";
  return to_string(doc);
}

}  // namespace chronicle::webdav
