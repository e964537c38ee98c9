// kiosk-author: the trainers' command-line tool. It parses the command line, runs the compiler library
// and prints; all the logic lives in the authoring library so tests can call it directly.
#include <cstdio>
#include <string>

#include "commands.h"

namespace {

const char* kUsage = R"(kiosk-author: compile training content into a kiosk content pack

Usage:
  kiosk-author build [CONTENT_DIR] -o PACK [--strict [--allow CODE]...] [--all] [--format text|json]
  kiosk-author check [CONTENT_DIR | MODULE_DIR] [--module ID] [--strict [--allow CODE]...] [--all] [--format text|json]
  kiosk-author info PACK
  kiosk-author explain CODE | --list
  kiosk-author graph MODULE_DIR [-o map.svg] [--format svg|dot]
  kiosk-author i18n extract [CONTENT_DIR]
  kiosk-author i18n status [CONTENT_DIR] [--list] [--lang LANG] [--module ID]
  kiosk-author new module ID [--content CONTENT_DIR]
  kiosk-author preview [CONTENT_DIR] [--module ID] [--scene ID] [--lang LANG] [--site ID]
  kiosk-author print CONTENT_DIR [--module ID]... [-o signoff.html]
  kiosk-author stats [CONTENT_DIR] [--module ID]
  kiosk-author import gift FILE --module ID [--content CONTENT_DIR] [--source URL]...
  kiosk-author keygen --out NAME [--name LABEL]
  kiosk-author sign PACK --key NAME.key
  kiosk-author verify PACK --trust TRUSTED_KEYS
  kiosk-author publish PACK --key NAME.key --out DIR [--expires 30d]
  kiosk-author verify-manifest MANIFEST --trust TRUSTED_KEYS
  kiosk-author COMMAND --help

Commands:
  build     check the content and write the pack (an SQLite file) when there are no errors
  check     check the content and report every problem, without writing anything
  info      print what a pack contains (modules, languages, sites, assets, hash)
  explain   say what a diagnostic code means and how to fix it
  graph     draw a module's scene map (SVG or Graphviz DOT), with problems marked
  i18n      write or update the translators' PO files; show how much is translated
  new       start a new module from a commented module.toml that compiles
  preview   show a scene in the kiosk, in a window, and update it each time a file is saved
  print     write a module (or the pack) as one printable page for a safeguarding lead to sign off
  stats     words, reading time and reading age per scene and module
  import    make a module from a Moodle GIFT quiz bank, naming what a kiosk cannot ask
  keygen    make a key pair for signing packs (NAME.key secret, NAME.pub for the kiosks)
  sign      sign a pack (writes PACK.sig); kiosks run only packs signed by a key they trust
  verify    check a pack's signature against a trusted-keys file, as a kiosk would
  publish   put a signed pack and a signed manifest in DIR as static files for an HTTPS server, where
            kiosk-sync fetches them; publishing the same pack again re-signs only the manifest
  verify-manifest
            check a published manifest (and the pack beside it) against a trusted-keys file, as a kiosk would

Exit status: 0 no errors (warnings allowed), 1 errors in the content or (verify, publish, verify-manifest)
a pack or manifest refused, 2 usage or file problems.
The content format is described in content/README.md.
)";

}  // namespace

int main(int argc, char** argv) {
    author::cli::Args args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::puts("kiosk-author 0.1.0");
        return 0;
    }
    std::string command = args[0];
    args.erase(args.begin());
    if (command == "build") return author::cli::Build(args);
    if (command == "check") return author::cli::Check(args);
    if (command == "info") return author::cli::Info(args);
    if (command == "explain") return author::cli::Explain(args);
    if (command == "graph") return author::cli::Graph(args);
    if (command == "i18n") return author::cli::I18n(args);
    if (command == "new") return author::cli::New(args);
    if (command == "preview") return author::cli::Preview(args);
    if (command == "print") return author::cli::Print(args);
    if (command == "stats") return author::cli::Stats(args);
    if (command == "import") return author::cli::Import(args);
    if (command == "keygen") return author::cli::Keygen(args);
    if (command == "sign") return author::cli::Sign(args);
    if (command == "verify") return author::cli::Verify(args);
    if (command == "publish") return author::cli::Publish(args);
    if (command == "verify-manifest") return author::cli::VerifyManifestCommand(args);
    std::fprintf(stderr, "kiosk-author: unknown command '%s'; run 'kiosk-author --help'\n", command.c_str());
    return 2;
}
