#include "command.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <date/tz.h>
#include <fmt/format.h>

#include "chronicle/exchange/ical/recurrence.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/storage.hpp"

namespace chronicle::cli {

date::sys_days context::today() const {
  if (!m_today) {
    try {
      const auto local = date::current_zone()->to_local(now);
      m_today = date::sys_days{date::floor<date::days>(local).time_since_epoch()};
    } catch (const std::runtime_error&) {
      m_today = date::floor<date::days>(now);
    }
  }
  return *m_today;
}

std::optional<timeline> load_or_report(const context& ctx) {
  auto loaded = load_timeline(ctx.events_dir);
  for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  if (has_errors(loaded.diagnostics)) return std::nullopt;
  return std::move(loaded.timeline);
}

timeline with_occurrences(timeline t, const std::optional<edtf_date>& from,
                          const std::optional<edtf_date>& to) {
  if (std::none_of(t.events.begin(), t.events.end(), is_recurring)) return t;
  expansion_limits limits;
  if (from) limits.from = from->first_day();
  if (to) limits.to = to->last_day();
  std::vector<diagnostic> notes;
  auto expanded = expand_recurrences(t, limits, notes);
  for (const auto& d : notes) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  return expanded;
}

void emit(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
      throw io_error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
    return;
  }
  write_file_atomically(path, text);
}

void complain(std::string_view message) {
  std::fprintf(stderr, "chronicle: %.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace chronicle::cli
