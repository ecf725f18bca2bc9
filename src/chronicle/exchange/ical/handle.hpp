#pragma once
/// libical handles owned by unique_ptr. Included only inside src/chronicle/ical/.

#include <memory>
#include <string_view>

#include <libical/ical.h>

namespace chronicle::ical {

struct component_deleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using component_ptr = std::unique_ptr<icalcomponent, component_deleter>;

struct buffer_deleter {
  void operator()(char* p) const { icalmemory_free_buffer(p); }
};
using buffer_ptr = std::unique_ptr<char, buffer_deleter>;

struct iterator_deleter {
  void operator()(icalrecur_iterator* i) const { icalrecur_iterator_free(i); }
};
using recur_iterator_ptr = std::unique_ptr<icalrecur_iterator, iterator_deleter>;

/// Parses iCalendar text (up to its first NUL byte, as libical's icalparser_parse_string does)
/// in time linear in its length, however long its lines. Null when libical finds no component.
component_ptr parse(std::string_view text);

}  // namespace chronicle::ical
