// kiosk-author sub-commands. Each takes its arguments after the command name and returns the exit
// status: 0 clean (warnings allowed), 1 content errors, 2 usage or file-system problems.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace author::cli {

using Args = std::vector<std::string>;

int Build(const Args& args);    // build CONTENT_DIR -o PACK
int Check(const Args& args);    // check CONTENT_DIR
int Info(const Args& args);     // info PACK
int Explain(const Args& args);  // explain CODE | --list
int Graph(const Args& args);    // graph MODULE_DIR [-o FILE] [--format svg|dot]
int I18n(const Args& args);     // i18n extract|status CONTENT_DIR
int New(const Args& args);      // new module ID [--content DIR]
int Preview(const Args& args);  // preview CONTENT_DIR [--module ID] [--scene ID]
int Print(const Args& args);    // print CONTENT_DIR [--module ID]... [-o FILE]
int Stats(const Args& args);    // stats [CONTENT_DIR] [--module ID]
int Import(const Args& args);   // import gift FILE --module ID [--content DIR] [--source URL]...
int Keygen(const Args& args);   // keygen --out NAME [--name LABEL]
int Sign(const Args& args);     // sign PACK --key NAME.key
int Verify(const Args& args);   // verify PACK --trust TRUSTED_KEYS
int Publish(const Args& args);  // publish PACK --key NAME.key --out DIR [--expires 30d]
int VerifyManifestCommand(const Args& args);  // verify-manifest MANIFEST --trust TRUSTED_KEYS

// True if args hold -h or --help.
bool WantsHelp(const Args& args);
// Reads "--name VALUE" pairs into `values` (only the names listed, in their order) and the rest into
// `positional`. False, with a message and `usage` printed, on an unknown option or a missing value.
bool SplitArgs(const Args& args, std::initializer_list<const char*> names, std::vector<std::string>& values,
               std::vector<std::string>& positional, const char* usage);

// Why `path` cannot be read as an input folder ("no such folder", "is not a folder", "cannot be read
// (Permission denied)"), or nullopt when it can be listed. Callers print it after the path, on one line.
std::optional<std::string> FolderProblem(const std::string& path);
// The shared end of argument parsing for a command that reads a folder: true when `path` can be listed;
// otherwise prints "kiosk-author: PATH: <problem>" (one line, naming the folder) and returns false.
bool ReadableFolder(const std::string& path);
// Why `path` cannot be an output file (a folder, or in a folder that does not exist), or nullopt.
std::optional<std::string> OutputProblem(const std::string& path);

}  // namespace author::cli
