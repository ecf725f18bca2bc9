#pragma once
/// WebDAV XML (RFC 4918, 6578, 4791) read and written with pugixml: internal, the only code
/// that includes pugixml.hpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle::webdav {

/// One `DAV:response` of a multistatus.
struct entry {
  std::string href;                 ///< as the server wrote it (a path, percent-encoded)
  std::optional<std::string> etag;  ///< `DAV:getetag` when given with status 200
  bool gone = false;                ///< status 404: removed (sync-collection)
  bool collection = false;          ///< `DAV:resourcetype` holds `DAV:collection`
};

struct multistatus {
  std::vector<entry> entries;
  std::string sync_token;  ///< `DAV:sync-token`, when given
};

/// The multistatus in `xml`; nothing when `xml` is not XML or its root is not
/// `DAV:multistatus`. Elements are matched by namespace and local name, whatever the prefixes.
std::optional<multistatus> parse_multistatus(std::string_view xml);

/// The local names of the elements inside a `DAV:error` body (`valid-sync-token`), if any.
std::vector<std::string> error_conditions(std::string_view xml);

/// Request bodies.
std::string sync_collection_body(std::string_view sync_token);
std::string propfind_etags_body();
std::string mkcalendar_body(std::string_view display_name);

}  // namespace chronicle::webdav
