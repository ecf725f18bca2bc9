#pragma once
/// libical handles owned by unique_ptr. Included only inside src/chronicle/ical/.

#include <memory>

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

}  // namespace chronicle::ical
