#include "event_args.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "chronicle/render/render.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"

namespace chronicle::cli {

std::string resolve_event_arg(const chronicle::timeline& t, const std::vector<std::string>& ids,
                              std::string_view text, const context& ctx, std::string_view option) {
  const auto match = resolve_event(t, ids, text);
  if (!match.id.empty()) return match.id;
  const auto why = describe_mismatch(match, text, ctx.events_dir);
  throw usage_error(option.empty() ? why : fmt::format("{}: {}", option, why));
}

std::optional<change_base> load_for_change(const context& ctx) {
  auto base = chronicle::load_for_change(ctx.events_dir);
  if (!base) {
    print_diagnostics(base.diagnostics);
    return std::nullopt;
  }
  return std::move(*base);
}

void print_diagnostics(const std::vector<diagnostic>& ds) {
  for (const auto& d : ds) std::fprintf(stderr, "%s\n", to_string(d).c_str());
}

std::string list_entry(const chronicle::timeline& t, const event& e, const context& ctx) {
  list_options o;
  o.lang = t.info.default_language;
  o.color = ctx.use_color();
  chronicle::timeline named_only;
  named_only.info = t.info;
  named_only.info.name.clear();  // the entry alone, without the heading of the whole timeline
  named_only.events = t.events;
  auto text = render_text(named_only, {find_event(named_only, e.id)}, o);
  if (text.starts_with("\n")) text.erase(0, 1);
  return text;
}

}  // namespace chronicle::cli
