#include "chronicle/exchange/ical/compare.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "chronicle/exchange/ical/handle.hpp"

namespace chronicle {

namespace {

/// One text per component that libical writes the same for the same content: its kind, its
/// properties in sorted order, then its components' canonical texts in sorted order.
std::string canonical(icalcomponent* c, bool x_properties) {
  std::vector<std::string> properties;
  for (auto* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
    if (!x_properties && icalproperty_isa(p) == ICAL_X_PROPERTY) continue;
    ical::buffer_ptr text{icalproperty_as_ical_string_r(p)};
    if (text) properties.emplace_back(text.get());
  }
  std::vector<std::string> children;
  for (auto* k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
       k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    children.push_back(canonical(k, x_properties));
  std::sort(properties.begin(), properties.end());
  std::sort(children.begin(), children.end());
  std::string out = icalcomponent_kind_to_string(icalcomponent_isa(c));
  out += "\n";
  for (const auto& p : properties) out += p;
  for (const auto& k : children) out += "{" + k + "}";
  return out;
}

}  // namespace

bool same_icalendar(std::string_view a, std::string_view b, bool compare_x_properties) {
  const ical::component_ptr pa = ical::parse(a);
  const ical::component_ptr pb = ical::parse(b);
  if (!pa || !pb) return false;
  return canonical(pa.get(), compare_x_properties) == canonical(pb.get(), compare_x_properties);
}

std::string first_uid(std::string_view calendar_text) {
  const ical::component_ptr c = ical::parse(calendar_text);
  if (!c) return {};
  auto* ev = icalcomponent_isa(c.get()) == ICAL_VEVENT_COMPONENT
                 ? c.get()
                 : icalcomponent_get_first_component(c.get(), ICAL_VEVENT_COMPONENT);
  const char* uid = ev ? icalcomponent_get_uid(ev) : nullptr;
  return uid ? uid : "";
}

std::optional<std::string> cancelled_version(std::string_view calendar_text) {
  const ical::component_ptr c = ical::parse(calendar_text);
  if (!c) return std::nullopt;
  bool any = false;
  auto cancel = [&](icalcomponent* ev) {
    any = true;
    icalcomponent_set_status(ev, ICAL_STATUS_CANCELLED);
    icalcomponent_set_sequence(ev, icalcomponent_get_sequence(ev) + 1);
  };
  if (icalcomponent_isa(c.get()) == ICAL_VEVENT_COMPONENT) cancel(c.get());
  for (auto* ev = icalcomponent_get_first_component(c.get(), ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(c.get(), ICAL_VEVENT_COMPONENT))
    cancel(ev);
  if (!any) return std::nullopt;
  ical::buffer_ptr text{icalcomponent_as_ical_string_r(c.get())};
  if (!text) return std::nullopt;
  return std::string(text.get());
}

std::string join_calendars(const std::vector<std::string>& texts) {
  ical::component_ptr out{icalcomponent_new(ICAL_VCALENDAR_COMPONENT)};
  icalcomponent_add_property(out.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(out.get(), icalproperty_new_prodid("-//Chronicle//Chronicle 0.1//EN"));
  std::set<std::string> zones;
  for (const auto& text : texts) {
    ical::component_ptr c = ical::parse(text);
    if (!c) continue;
    if (icalcomponent_isa(c.get()) != ICAL_VCALENDAR_COMPONENT) {
      icalcomponent_add_component(out.get(), c.release());
      continue;
    }
    while (auto* k = icalcomponent_get_first_component(c.get(), ICAL_ANY_COMPONENT)) {
      icalcomponent_remove_component(c.get(), k);
      ical::component_ptr owned{k};
      if (icalcomponent_isa(k) == ICAL_VTIMEZONE_COMPONENT) {
        auto* tzid = icalcomponent_get_first_property(k, ICAL_TZID_PROPERTY);
        if (!tzid || !zones.insert(icalproperty_get_tzid(tzid)).second) continue;
      }
      icalcomponent_add_component(out.get(), owned.release());
    }
  }
  ical::buffer_ptr text{icalcomponent_as_ical_string_r(out.get())};
  return text ? text.get() : std::string{};
}

}  // namespace chronicle
