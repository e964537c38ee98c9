// Reads the images, films and captions that scenes name, checks each is a format the kiosk can show,
// and stores them in the pack with their sha256. Hotspot regions are checked against the real image size,
// chapter and pause times against the real film length (film_checks.cpp).
#include <algorithm>
#include <map>

#include <stb_image.h>

#include "checks.h"
#include "core/util/did_you_mean.h"
#include "core/pack/pack_io.h"
#include "core/session/webvtt.h"
#include "film_checks.h"
#include "svg_render.h"

namespace author {
namespace {

constexpr std::size_t kMaxImageBytes = 16u * 1024u * 1024u;
constexpr std::size_t kMaxFilmBytes = 256u * 1024u * 1024u;
constexpr std::size_t kMaxCaptionBytes = 1u * 1024u * 1024u;

bool StartsWith(const std::string& data, std::string_view prefix) {
    return data.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), data.begin());
}

// Recognises PNG and JPEG by their signatures and reads the size with stb_image (no decoding).
std::optional<std::string> ImageMime(const std::string& data, int& width, int& height) {
    std::string mime;
    if (StartsWith(data, "\x89PNG\r\n\x1a\n")) mime = "image/png";
    else if (StartsWith(data, "\xFF\xD8\xFF")) mime = "image/jpeg";
    else return std::nullopt;
    int channels = 0;
    if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(data.data()), static_cast<int>(data.size()), &width,
                               &height, &channels))
        return std::nullopt;
    return mime;
}

bool IsWebVtt(const std::string& data) {
    std::string_view text(data);
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (text.substr(0, 6) != "WEBVTT") return false;
    return text.size() == 6 || text[6] == ' ' || text[6] == '\t' || text[6] == '\n' || text[6] == '\r';
}

const char* KindName(AssetRef::Kind kind) {
    switch (kind) {
        case AssetRef::Kind::Image: return "image";
        case AssetRef::Kind::Film: return "film";
        case AssetRef::Kind::Captions: return "captions file";
    }
    return "file";
}

// "; did you mean 'images/car-wash.png'?" for a file that does not exist (`written` as the trainer wrote
// it, relative to the module folder): the closest name in its folder (a typo, or .jpg for .png), or the
// folder's own near name when the folder is what is misspelt.
std::string NearbyName(const std::filesystem::path& missing, const std::filesystem::path& written) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto names_in = [&](const fs::path& dir, bool want_dirs) {
        std::vector<std::string> names;
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
            if (it->is_directory(ec) == want_dirs) names.push_back(it->path().filename().string());
        return names;
    };
    fs::path dir = missing.parent_path();
    if (fs::is_directory(dir, ec)) {
        auto files = names_in(dir, false);
        auto close = kiosk::core::ClosestMatch(missing.filename().string(), files);
        if (!close) {  // the same name with another extension: car-wash.jpg for car-wash.png
            for (const std::string& f : files)
                if (fs::path(f).stem() == missing.stem()) close = f;
        }
        if (close) return "; did you mean '" + (written.parent_path() / *close).generic_string() + "'?";
        return "";
    }
    if (written.parent_path().empty()) return "";
    auto folders = names_in(dir.parent_path(), true);
    if (auto close = kiosk::core::ClosestMatch(dir.filename().string(), folders))
        return "; there is no folder '" + written.parent_path().generic_string() + "': did you mean '" +
               (written.parent_path().parent_path() / *close / written.filename()).generic_string() + "'?";
    return "";
}

}  // namespace

void LoadAssets(Content& content, SourceSet& sources, Diagnostics& diags, FilmVerdictCache* film_cache) {
    std::map<std::string, kiosk::core::Asset> loaded;
    std::map<std::string, bool> failed;
    std::map<std::string, FilmLength> film_lengths;  // pack path -> length, for films that passed
    FilmProber prober;                               // starts libvlc only if a film gets this far
    for (const AssetRef& ref : content.asset_refs) {
        if (loaded.count(ref.pack_path) || failed.count(ref.pack_path)) continue;
        std::size_t cap = ref.kind == AssetRef::Kind::Film ? kMaxFilmBytes
                          : ref.kind == AssetRef::Kind::Image ? kMaxImageBytes
                                                              : kMaxCaptionBytes;
        std::string error;
        auto data = ReadWholeFile(ref.disk_path, cap, error);
        if (!data) {
            failed[ref.pack_path] = true;
            diags.Add("E060", ref.where, std::string(KindName(ref.kind)) + " '" + ref.display_path + "' " + error +
                                             (error == "does not exist" ? NearbyName(ref.disk_path, ref.written) : ""));
            continue;
        }
        kiosk::core::Asset asset;
        asset.path = ref.pack_path;
        switch (ref.kind) {
            case AssetRef::Kind::Image:
                if (LooksLikeSvg(*data)) {
                    // A drawing: the pack gets the PNG librsvg renders, at the drawing's own size.
                    std::string problem;
                    auto png = RenderSvgToPng(ref.disk_path, kMaxImageBytes, problem);
                    if (!png) {
                        diags.Add("E061", ref.where, "'" + ref.display_path + "' " + problem);
                        failed[ref.pack_path] = true;
                        continue;
                    }
                    data = std::move(png);
                }
                if (auto mime = ImageMime(*data, asset.width, asset.height)) {
                    asset.mime = *mime;
                } else {
                    diags.Add("E061", ref.where, "'" + ref.display_path + "' is not a PNG, JPEG or SVG image");
                    failed[ref.pack_path] = true;
                    continue;
                }
                break;
            case AssetRef::Kind::Film: {
                asset.sha256 = kiosk::core::Sha256Hex(data->data(), data->size());
                auto cached = film_cache ? film_cache->find(asset.sha256) : FilmVerdictCache::iterator{};
                FilmVerdict verdict = film_cache && cached != film_cache->end() ? cached->second
                                                                                : CheckFilm(prober, ref.disk_path, *data);
                if (film_cache) (*film_cache)[asset.sha256] = verdict;
                if (!verdict.code.empty()) {
                    diags.Add(verdict.code, ref.where, "'" + ref.display_path + "' " + verdict.problem);
                    failed[ref.pack_path] = true;
                    continue;
                }
                asset.mime = verdict.mime;
                film_lengths[ref.pack_path] = FilmLength{verdict.duration_ms, ref.display_path};
                break;
            }
            case AssetRef::Kind::Captions:
                if (!IsWebVtt(*data)) {
                    diags.Add("E065", ref.where, "'" + ref.display_path + "' does not start with WEBVTT");
                    failed[ref.pack_path] = true;
                    continue;
                }
                // The kiosk draws these cues itself: every cue the parser rejects would be missing on screen.
                sources[ref.display_path] = std::make_shared<SourceFile>(ref.display_path, *data);
                for (const kiosk::core::WebVttError& e : kiosk::core::ParseWebVtt(*data).errors) {
                    std::string message = e.message;
                    if (message.rfind("line ", 0) == 0 && message.find(": ") != std::string::npos)
                        message = message.substr(message.find(": ") + 2);  // the position is in the header
                    diags.Add("E067", Location{ref.display_path, e.line, e.column, 1}, message);
                }
                asset.mime = "text/vtt";
                break;
        }
        if (asset.sha256.empty()) asset.sha256 = kiosk::core::Sha256Hex(data->data(), data->size());
        asset.data.assign(data->begin(), data->end());
        loaded.emplace(asset.path, std::move(asset));
    }

    // Hotspot regions must fall inside the image they are drawn on.
    for (std::size_t mi = 0; mi < content.pack.modules.size(); ++mi) {
        auto& module = content.pack.modules[mi];
        for (std::size_t si = 0; si < module.scenes.size(); ++si) {
            const auto& scene = module.scenes[si];
            if (scene.question != kiosk::core::QuestionType::Hotspot) continue;
            auto image = loaded.find(scene.image);
            if (image == loaded.end()) continue;
            const auto& src = content.module_sources[mi].scenes[si];
            for (std::size_t o = 0; o < scene.options.size(); ++o) {
                if (!scene.options[o].region) continue;
                const auto& r = *scene.options[o].region;
                int w = image->second.width, h = image->second.height;
                if (r.x < 0 || r.y < 0 || r.w <= 0 || r.h <= 0 || r.x + r.w > w || r.y + r.h > h)
                    diags.Add("E054", src.options[o].region_loc,
                              "region [" + std::to_string(r.x) + ", " + std::to_string(r.y) + ", " + std::to_string(r.w) +
                                  ", " + std::to_string(r.h) + "] of option '" + scene.options[o].id +
                                  "' is not inside the image, which is " + std::to_string(w) + " x " + std::to_string(h) + " pixels");
            }
        }
    }

    CheckFilmTimes(content, film_lengths, diags);

    content.pack.assets.clear();
    for (auto& [path, asset] : loaded) content.pack.assets.push_back(std::move(asset));
}

}  // namespace author
