// chronicle completions: shell completion scripts for bash, zsh and fish, and the hidden
// commands behind them and behind the man page. Everything here walks the one command-line
// definition (the CLI11 tree main builds), so a command or option added anywhere completes, and
// appears in chronicle(1), without a change here.
//
// The scripts are thin: at each Tab they run `chronicle __complete -- WORDS...`, which walks the
// tree along the words typed so far and prints the candidates for the last one. That keeps one
// completion engine for three shells, and lets it list the event ids and tags of the timeline in
// use (`--events`, as the command would find it).

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/store/storage.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

/// The languages Chronicle writes dates and texts in (`--lang`).
const std::vector<std::string> k_languages = {"en", "ru"};

bool is_hidden(const CLI::App* app) {
  return app->get_group().empty();
}
bool is_hidden(const CLI::Option* opt) {
  return opt->get_group().empty();
}

std::vector<CLI::App*> subcommands_of(CLI::App* app) {
  return app->get_subcommands([](CLI::App*) { return true; });
}

std::vector<CLI::App*> visible_subcommands(CLI::App* app) {
  auto subs = subcommands_of(app);
  std::erase_if(subs, [](const CLI::App* s) { return is_hidden(s); });
  return subs;
}

/// Whether `opt` takes a value; a flag (`--ids`) expects none.
bool takes_value(const CLI::Option* opt) {
  return opt->get_expected_max() > 0 && opt->get_type_size_max() > 0;
}

/// What a value of an option or positional argument can be.
enum class value_kind { anything, words, ids, tags, zones, files, dirs };
struct value_spec {
  value_kind kind = value_kind::anything;
  std::vector<std::string> words;  ///< for value_kind::words
};

std::vector<std::string> split(std::string_view text, char by) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == by) {
      if (i > start) out.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

/// What `opt` takes, from its definition: the set of a `CLI::IsMember` check ("{en,ru}"), else
/// its value name: ID, TAG, ZONE, LANG, FILE, DIR, or a list of words ("ours|theirs").
value_spec values_of(CLI::Option* opt) {
  for (int i = 0;; ++i) {
    CLI::Validator* check = nullptr;
    try {
      check = opt->get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    const auto about = check->get_description();
    if (about.size() > 2 && about.front() == '{' && about.back() == '}')
      return {value_kind::words, split(std::string_view(about).substr(1, about.size() - 2), ',')};
  }
  std::string text = opt->get_option_text();
  if (text.empty() && opt->get_positional()) text = opt->get_name();
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "ID") return {value_kind::ids, {}};
  if (upper == "TAG") return {value_kind::tags, {}};
  if (upper == "ZONE") return {value_kind::zones, {}};
  if (upper == "LANG") return {value_kind::words, k_languages};
  if (upper.starts_with("FILE")) return {value_kind::files, {}};
  if (upper == "DIR") return {value_kind::dirs, {}};
  if (!text.empty() && text.find('|') != std::string::npos &&
      std::all_of(text.begin(), text.end(),
                  [](char c) { return c == '|' || (c >= 'a' && c <= 'z'); }))
    return {value_kind::words, split(text, '|')};
  return {};
}

struct candidate {
  std::string word;
  std::string about;
};

/// The options `app` takes, as typed: long names first.
std::vector<candidate> options_of(CLI::App* app) {
  std::vector<candidate> out;
  for (const auto* opt : app->get_options()) {
    if (opt->get_positional() || is_hidden(opt)) continue;
    for (const auto& n : opt->get_lnames()) out.push_back({"--" + n, opt->get_description()});
    for (const auto& n : opt->get_snames()) out.push_back({"-" + n, opt->get_description()});
  }
  return out;
}

CLI::Option* find_option(CLI::App* app, std::string_view name) {
  for (; app; app = app->get_parent())
    for (auto* opt : app->get_options())
      if (!opt->get_positional() && opt->check_name(std::string(name))) return opt;
  return nullptr;
}

/// The event ids (with their titles) or the tags of the timeline in `dir`; nothing when it
/// cannot be read. Problems in event files are not reported here: a Tab is no place for them.
std::vector<candidate> from_timeline(const std::string& dir, value_kind kind) {
  std::vector<candidate> out;
  try {
    const auto loaded = load_timeline(dir);
    const auto& t = loaded.timeline;
    if (kind == value_kind::ids) {
      for (const auto& e : t.events) {
        const auto* title = pick(e.title, t.info.default_language);
        out.push_back({e.id, title ? *title : std::string()});
      }
    } else {
      std::set<std::string> tags;
      for (const auto& e : t.events) tags.insert(e.tags.begin(), e.tags.end());
      for (const auto& tag : tags) out.push_back({tag, {}});
    }
  } catch (const std::exception&) {
    return {};
  }
  return out;
}

std::vector<candidate> zones() {
  std::vector<candidate> out;
  try {
    const auto& db = date::get_tzdb();
    for (const auto& z : db.zones) out.push_back({std::string(z.name()), {}});
  } catch (const std::exception&) {
    return {};
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.word < b.word; });
  return out;
}

/// What the shell should do: offer the words printed, or complete a file or folder name itself.
enum class directive { words, files, dirs };

struct completion {
  directive what = directive::words;
  std::vector<candidate> candidates;
};

completion values(const value_spec& spec, const std::string& events_dir) {
  switch (spec.kind) {
    case value_kind::words: {
      completion c;
      for (const auto& w : spec.words) c.candidates.push_back({w, {}});
      return c;
    }
    case value_kind::ids:
    case value_kind::tags: return {directive::words, from_timeline(events_dir, spec.kind)};
    case value_kind::zones: return {directive::words, zones()};
    case value_kind::files: return {directive::files, {}};
    case value_kind::dirs: return {directive::dirs, {}};
    case value_kind::anything: break;
  }
  return {};
}

/// The positional argument of `app` that the `index`th (0-based) positional word fills.
CLI::Option* positional_at(CLI::App* app, int index) {
  for (auto* opt : app->get_options()) {
    if (!opt->get_positional()) continue;
    const int takes = std::max(opt->get_items_expected_max(), 1);
    if (index < takes) return opt;
    index -= takes;
  }
  return nullptr;
}

/// The candidates for the last of `words` (the program's name first, then what was typed; the
/// last one is the word being completed, possibly empty). `events_dir` is the timeline to read
/// ids and tags from; `--events` among the words overrides it.
completion complete(CLI::App& root, const std::vector<std::string>& words, std::string events_dir) {
  if (words.empty()) return {};
  CLI::App* current = &root;
  CLI::Option* wants_value = nullptr;
  int positionals = 0;
  bool only_positionals = false;
  const std::string cur = words.back();
  for (std::size_t i = 1; i + 1 < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "=") continue;  // bash splits --lang=en into --lang, =, en
    if (wants_value) {
      if (wants_value->check_name("--events")) events_dir = w;
      wants_value = nullptr;
      continue;
    }
    if (!only_positionals && w == "--") {
      only_positionals = true;
      continue;
    }
    if (!only_positionals && w.size() > 1 && w[0] == '-') {
      const auto eq = w.find('=');
      auto* opt = find_option(current, w.substr(0, eq));
      if (opt && takes_value(opt)) {
        if (eq == std::string::npos && (w.starts_with("--") || w.size() == 2))
          wants_value = opt;
        else if (opt->check_name("--events"))
          events_dir = w.substr(eq + 1);
      }
      continue;
    }
    if (!only_positionals) {
      CLI::App* next = nullptr;
      for (auto* sub : subcommands_of(current))
        if (sub->check_name(w)) next = sub;
      if (next) {
        current = next;
        positionals = 0;
        continue;
      }
    }
    ++positionals;
  }

  completion out;
  std::string prefix;  // put before each candidate: "--lang=" when completing --lang=e
  std::string typed = cur;
  if (wants_value) {
    out = values(values_of(wants_value), events_dir);
  } else if (!only_positionals && cur.starts_with("--") && cur.find('=') != std::string::npos) {
    const auto eq = cur.find('=');
    if (auto* opt = find_option(current, cur.substr(0, eq)); opt && takes_value(opt)) {
      out = values(values_of(opt), events_dir);
      prefix = cur.substr(0, eq + 1);
      typed = cur.substr(eq + 1);
    }
  } else if (!only_positionals && cur.starts_with("-")) {
    out.candidates = options_of(current);
  } else {
    for (auto* sub : visible_subcommands(current))
      out.candidates.push_back({sub->get_name(), sub->get_description()});
    if (auto* pos = positional_at(current, positionals)) {
      auto more = values(values_of(pos), events_dir);
      if (out.candidates.empty()) out.what = more.what;
      out.candidates.insert(out.candidates.end(), more.candidates.begin(), more.candidates.end());
    }
  }
  std::erase_if(out.candidates, [&](const candidate& c) { return !c.word.starts_with(typed); });
  for (auto& c : out.candidates) c.word = prefix + c.word;
  return out;
}

void print_completion(const completion& c) {
  std::string text = c.what == directive::files  ? "files\n"
                     : c.what == directive::dirs ? "dirs\n"
                                                 : "words\n";
  for (const auto& cand : c.candidates) {
    text += cand.word;
    if (!cand.about.empty()) {
      text += '\t';
      // One line each: a newline in a title would start a candidate of its own.
      for (char ch : cand.about) text += ch == '\n' || ch == '\t' ? ' ' : ch;
    }
    text += '\n';
  }
  std::fputs(text.c_str(), stdout);
}

// The scripts. Each runs the chronicle the user typed (the first word) as
// `chronicle __complete -- WORDS...` and reads back a first line (words, files or dirs) and one
// candidate a line, "WORD" or "WORD<TAB>DESCRIPTION".

constexpr const char* k_bash_script =
    R"(# bash completion for chronicle; written by "chronicle completions bash".
# Install it as /usr/share/bash-completion/completions/chronicle, or: source <(chronicle completions bash)
_chronicle() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local -a words=("${COMP_WORDS[@]:0:COMP_CWORD}")
  # --lang=e arrives as --lang, =, e: the word after "=" is the value being typed.
  [[ $cur == "=" ]] && { words+=("="); cur=""; }
  local out
  out=$("${COMP_WORDS[0]}" __complete -- "${words[@]}" "$cur" 2>/dev/null) || return 0
  local -a lines
  mapfile -t lines <<<"$out"
  case ${lines[0]} in
    files) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return 0 ;;
    dirs) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return 0 ;;
  esac
  COMPREPLY=()
  local line
  for line in "${lines[@]:1}"; do
    [[ -n $line ]] && COMPREPLY+=("${line%%$'\t'*}")
  done
  # Words that take no value get a space after them; "--lang=" does not.
  if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}
complete -F _chronicle chronicle
)";

constexpr const char* k_zsh_script = R"(#compdef chronicle
# zsh completion for chronicle; written by "chronicle completions zsh".
# Install it as _chronicle in a folder of $fpath (Debian: /usr/share/zsh/vendor-completions),
# or: source <(chronicle completions zsh)
_chronicle() {
  local out
  out=$(${words[1]} __complete -- "${(@)words[1,CURRENT]}" 2>/dev/null) || return 1
  local -a lines described
  lines=("${(@f)out}")
  case ${lines[1]} in
    files) _files; return ;;
    dirs) _files -/; return ;;
  esac
  local line word about
  for line in "${(@)lines[2,-1]}"; do
    [[ -z $line ]] && continue
    word=${line%%$'\t'*}
    about=""
    [[ $line == *$'\t'* ]] && about=${line#*$'\t'}
    # _describe takes "word:description"; a colon in the word is escaped.
    if [[ -n $about ]]; then described+=("${word//:/\\:}:$about"); else described+=("${word//:/\\:}"); fi
  done
  (( ${#described} )) || return 1
  _describe -t values chronicle described -Q
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _chronicle "$@"
else
  compdef _chronicle chronicle
fi
)";

constexpr const char* k_fish_script =
    R"(# fish completion for chronicle; written by "chronicle completions fish".
# Install it as chronicle.fish in /usr/share/fish/vendor_completions.d, or:
# chronicle completions fish | source
function __chronicle_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l out (command $words[1] __complete -- $words "$cur" 2>/dev/null)
    or return
    set -l what $out[1]
    set -e out[1]
    switch $what
        case files
            __fish_complete_path "$cur"
        case dirs
            __fish_complete_directories "$cur"
        case '*'
            set -q out[1]; and printf '%s\n' $out
    end
end
complete -c chronicle -f -a '(__chronicle_complete)'
)";

// The reference of every command: chronicle(1)'s COMMANDS section and docs/COMMANDS.md's.

std::string value_name(CLI::Option* opt) {
  const auto spec = values_of(opt);
  if (spec.kind == value_kind::words && opt->get_option_text().empty())
    return fmt::format("{}", fmt::join(spec.words, "|"));
  const auto text = opt->get_option_text();
  if (!text.empty()) return text;
  return opt->get_positional() ? opt->get_name() : "VALUE";
}

/// How `__man` writes: scdoc for chronicle(1), Markdown for docs/COMMANDS.md's reference.
struct reference_style {
  bool markdown = false;
  std::string escape(std::string_view text) const {
    std::string out;
    for (char c : text) {
      if (!markdown && (c == '*' || c == '_' || c == '\\')) out += '\\';
      out += c;
    }
    return out;
  }
  std::string bold(std::string_view name) const {
    return markdown ? fmt::format("`{}`", name) : fmt::format("*{}*", escape(name));
  }
  std::string value(std::string_view name) const {
    return markdown ? fmt::format("`{}`", name) : fmt::format("_{}_", escape(name));
  }
};

void write_reference(CLI::App* app, const std::string& path, const reference_style& style,
                     std::string& out) {
  if (app->get_parent()) {
    std::string usage = path;
    if (!visible_subcommands(app).empty()) usage += " COMMAND";
    for (auto* opt : app->get_options())
      if (opt->get_positional())
        usage += opt->get_required() ? " " + opt->get_name() : " [" + opt->get_name() + "]";
    out += style.markdown ? fmt::format("### `{}`\n\n{}\n\n", usage, app->get_description())
                          : fmt::format("## {}\n\n{}\n\n", style.escape(usage),
                                        style.escape(app->get_description()));
    for (auto* opt : app->get_options()) {
      if (is_hidden(opt) || opt->check_name("--help")) continue;
      std::vector<std::string> names;
      for (const auto& n : opt->get_snames()) names.push_back(style.bold("-" + n));
      for (const auto& n : opt->get_lnames()) names.push_back(style.bold("--" + n));
      if (opt->get_positional()) names.push_back(style.value(opt->get_name()));
      std::string head = fmt::format("{}", fmt::join(names, ", "));
      if (takes_value(opt) && !opt->get_positional()) head += " " + style.value(value_name(opt));
      out += style.markdown
                 ? fmt::format("- {}: {}\n", head, opt->get_description())
                 : fmt::format("{}\n\t{}\n\n", head, style.escape(opt->get_description()));
    }
    if (style.markdown) out += "\n";
    if (const auto footer = app->get_footer(); !footer.empty()) {
      // The examples (and notes) of the command's --help, as they are.
      out += style.markdown ? "```text\n" : "```\n";
      out += footer;
      if (!footer.ends_with('\n')) out += '\n';
      out += "```\n\n";
    }
  }
  for (auto* sub : visible_subcommands(app))
    write_reference(sub, path + " " + sub->get_name(), style, out);
}

}  // namespace

void add_completions_command(CLI::App& app, context& ctx) {
  auto shell = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("completions", "Print the completion script for a shell");
  cmd->add_option("SHELL", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->footer(
      "Examples:\n"
      "  source <(chronicle completions bash)      # in ~/.bashrc\n"
      "  chronicle completions zsh > ~/.zfunc/_chronicle\n"
      "  chronicle completions fish > ~/.config/fish/completions/chronicle.fish\n\n"
      "The Debian package installs all three; Tab then completes commands, options, their "
      "values, and the event ids and tags of the timeline in use.");
  cmd->callback([shell] {
    std::fputs(*shell == "bash"  ? k_bash_script
               : *shell == "zsh" ? k_zsh_script
                                 : k_fish_script,
               stdout);
  });

  // Hidden: what the scripts run at each Tab.
  auto words = std::make_shared<std::vector<std::string>>();
  auto* complete_cmd = app.add_subcommand("__complete", "Candidates for the last of WORDS");
  complete_cmd->group("");
  complete_cmd->add_option("WORDS", *words, "The command line up to the word being completed")
      ->allow_extra_args();
  complete_cmd->callback(
      [&app, &ctx, words] { print_completion(complete(app, *words, ctx.events_dir)); });

  // Hidden: every command and option, with the examples of its --help: chronicle(1)'s
  // COMMANDS section (scdoc, put in by the build) and docs/COMMANDS.md's reference (markdown,
  // kept equal by tests/man).
  auto format = std::make_shared<std::string>("scdoc");
  auto* man_cmd = app.add_subcommand("__man", "Every command and option, in scdoc or Markdown");
  man_cmd->group("");
  man_cmd->add_option("--format", *format, "scdoc or markdown")
      ->check(CLI::IsMember({"scdoc", "markdown"}));
  man_cmd->callback([&app, format] {
    std::string out;
    write_reference(&app, "chronicle", reference_style{*format == "markdown"}, out);
    std::fputs(out.c_str(), stdout);
  });
}

}  // namespace chronicle::cli
