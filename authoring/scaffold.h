// `kiosk-author new module ID`: the commented module.toml a trainer starts from. It compiles with no
// errors and no warnings as it is, and shows each scene kind, a choice with a variable, a route and a
// must-see scene, so the trainer learns the format by changing something that works.
#pragma once

#include <filesystem>
#include <string>

namespace author {

// The text of a new module.toml for module `id` (a valid id); `checked` is the sources' ISO date.
std::string ModuleScaffold(const std::string& id, const std::string& checked);

// Writes <content_dir>/modules/<id>/module.toml. Returns an error message (the id is invalid, there is no
// pack.toml, the module already exists, the file cannot be written), or empty on success.
std::string CreateModule(const std::filesystem::path& content_dir, const std::string& id, const std::string& checked);

}  // namespace author
