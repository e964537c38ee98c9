// Rendering a module's SVG pictures with librsvg's rsvg-convert (see svg_render.h).
#include "svg_render.h"

#include <unistd.h>

#include <cstdlib>

#include "run_tool.h"
#include "toml_load.h"

namespace author {

bool LooksLikeSvg(const std::string& data) {
    std::string_view text(data);
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    // Skip the prolog: whitespace, <?xml ...?>, <!-- ... -->, <!DOCTYPE ...>.
    for (int guard = 0; guard < 64; ++guard) {
        std::size_t start = text.find_first_not_of(" \t\r\n");
        if (start == std::string_view::npos) return false;
        text.remove_prefix(start);
        std::size_t end = std::string_view::npos;
        if (text.starts_with("<?")) end = text.find("?>");
        else if (text.starts_with("<!--")) end = text.find("-->");
        else if (text.starts_with("<!")) end = text.find('>');
        else break;
        if (end == std::string_view::npos) return false;
        text.remove_prefix(end + (text.starts_with("<!--") ? 3 : text.starts_with("<?") ? 2 : 1));
    }
    return text.starts_with("<svg") && text.size() > 4 &&
           (text[4] == ' ' || text[4] == '>' || text[4] == '\n' || text[4] == '\t' || text[4] == '\r');
}

std::optional<std::string> RenderSvgToPng(const std::filesystem::path& path, std::size_t max_bytes, std::string& error) {
    std::error_code ec;
    std::string temp = (std::filesystem::temp_directory_path(ec) / "kiosk-author-svg-XXXXXX").string();
    int fd = mkstemp(temp.data());
    if (fd < 0) {
        error = "could not be rendered: no temporary file";
        return std::nullopt;
    }
    close(fd);
    ToolRun run = RunTool({"rsvg-convert", "--format=png", path.string()}, temp);
    std::optional<std::string> png;
    if (!run.started) {
        error = "is an SVG drawing, and rendering it needs librsvg's rsvg-convert, which is " + run.output +
                " (Debian: apt install librsvg2-bin); or save it as PNG";
    } else if (run.status != 0) {
        std::string why = run.output.substr(0, run.output.find('\n'));
        // "Error reading SVG /abs/path.svg: XML parse error: ...": the path is in the message already.
        for (const std::string& noise : {std::string("Error reading SVG ") + path.string() + ": ", std::string("Error reading SVG: ")})
            if (auto at = why.find(noise); at != std::string::npos) why.erase(at, noise.size());
        error = "is an SVG drawing that librsvg cannot draw" + (why.empty() ? std::string() : " (" + why + ")") +
                "; open it in Inkscape and save it again, or save it as PNG";
    } else {
        png = ReadWholeFile(temp, max_bytes, error);
        if (!png) error = "is an SVG drawing whose rendered picture " + error + "; give it a smaller width and height";
    }
    std::filesystem::remove(temp, ec);
    return png;
}

}  // namespace author
