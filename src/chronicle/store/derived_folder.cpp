#include "chronicle/store/derived_folder.hpp"

namespace chronicle {

std::string_view derived_folder_readme() {
  // docs/FORMAT.md says the same, at more length.
  return "This folder holds state Chronicle derives from the timeline; nothing in it is written "
         "by\n"
         "hand, holds a secret, or is read as an event. Each part is safe to delete.\n"
         "\n"
         "import-base/ID.toml\n"
         "  The version of event ID last taken from a calendar by `chronicle import` (or `pull`),\n"
         "  or last sent by `chronicle publish`, so that the next import or pull can tell a local\n"
         "  edit from a change in the calendar (a three-way merge). Deleting a file costs that\n"
         "  knowledge for its event: on the next import every field where the timeline and the\n"
         "  calendar differ is reported as a conflict, to be settled with --prefer ours or\n"
         "  --prefer theirs, and pull keeps the event if the server deleted it (a conflict).\n"
         "\n"
         "removed/ID.toml\n"
         "  Event ID as it was when `chronicle remove` deleted it (a tombstone), its revision one\n"
         "  higher. `chronicle export ics` writes it as a cancelled event (STATUS:CANCELLED, a\n"
         "  higher SEQUENCE), so that calendars which imported the event drop or cancel it too.\n"
         "  Deleting a file costs that: later exports no longer cancel the removed event, and\n"
         "  calendars that imported it keep it.\n"
         "\n"
         "vdir/NAME.json\n"
         "  The files `chronicle export vdir` wrote into one folder, with a hash of each. "
         "Deleting\n"
         "  it costs the cleanup: files of events removed since are no longer deleted by the next\n"
         "  export into that folder.\n"
         "\n"
         "journal/N.json\n"
         "  One per change `chronicle add`, `edit`, `remove`, `import`, `init`, `pull` or `undo`\n"
         "  made (the last 100): the command, its time, and the whole text of every file it\n"
         "  wrote, before and after, so that `chronicle undo` can revert it (`chronicle log`\n"
         "  lists them). Deleting it costs only that: the changes made so far can no longer be\n"
         "  undone.\n"
         "\n"
         "publish/NAME.json\n"
         "  What `chronicle publish` sent to one CalDAV collection: per event its resource, the\n"
         "  server's ETag and a hash of what was sent, and the collection's sync token. Deleting "
         "it\n"
         "  costs time, not data: the next publish fetches every resource once to compare it with\n"
         "  the timeline, and events removed from the timeline since are no longer deleted from\n"
         "  the server.\n";
}

}  // namespace chronicle
