// BarChart and LineChart (svg_chart.h): the geometry is fixed in viewBox units; CSS sets the width.
#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/util/html_escape.h"

namespace report {

using kiosk::core::EscapeHtml;

namespace {

std::string Num(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

// The axis labels (13px in the report's CSS) end kAxisGap left of the axis. A digit of DejaVu Sans, the
// CSS's first font and the widest of its list, is 0.636 em: 8.3 units at 13px.
constexpr double kAxisGap = 6, kAxisDigit = 8.3;

// Colour-blind-safe (Okabe-Ito) colours for up to four series.
const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"};

// A round number at or above `v` for the top of an axis.
double NiceMax(double v) {
    if (v <= 0) return 1;
    double step = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * step >= v) return m * step;
    return 10 * step;
}

}  // namespace

std::string BarChart(const std::string& title, const std::vector<Bar>& bars, double max) {
    const double row = 30, label_width = 190, bar_width = 250, width = label_width + bar_width + 60;
    double height = row * static_cast<double>(bars.size()) + 10;
    if (max <= 0) max = 1;
    std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                      "\" aria-label=\"" + EscapeHtml(title) + "\"><title>" + EscapeHtml(title) + "</title>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        double y = 5 + row * static_cast<double>(i);
        const Bar& b = bars[i];
        std::string label = b.label;
        if (label.size() > 22) {  // fits label_width; cut at a character boundary, never inside UTF-8
            std::size_t cut = 21;
            while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
            label = label.substr(0, cut) + "…";
        }
        svg += "<text x=\"" + Num(label_width - 8) + "\" y=\"" + Num(y + 17) + "\" text-anchor=\"end\">" +
               EscapeHtml(label) + "</text>";
        double length = b.value ? std::clamp(*b.value / max, 0.0, 1.0) * bar_width : 0;
        // A pale track the full length of the scale, so a short bar reads as "small share of 100%".
        svg += "<rect x=\"" + Num(label_width) + "\" y=\"" + Num(y + 4) + "\" width=\"" + Num(bar_width) +
               "\" height=\"" + Num(row - 8) + "\" fill=\"#eef1f4\"/>";
        if (b.value)
            svg += "<rect x=\"" + Num(label_width) + "\" y=\"" + Num(y + 4) + "\" width=\"" + Num(length) +
                   "\" height=\"" + Num(row - 8) + "\" fill=\"" + kColours[0] + "\"/>";
        svg += "<text class=\"value\" x=\"" + Num(label_width + (b.value ? length : 0) + 6) + "\" y=\"" + Num(y + 17) + "\">" +
               EscapeHtml(b.value_text) + "</text>";
    }
    return svg + "</svg>";
}

std::string LineChart(const std::string& title, const std::vector<std::string>& labels, const std::vector<Series>& series) {
    const double right = 34, top = 34, bottom = 30, plot_w = 432, plot_h = 190;
    double top_value = 0;
    for (const Series& s : series)
        for (const auto& v : s.values)
            if (v) top_value = std::max(top_value, *v);
    top_value = NiceMax(top_value);
    std::vector<std::string> ticks;
    std::size_t widest = 0;
    for (int tick = 0; tick <= 4; ++tick) {
        std::string text = Num(top_value * tick / 4);
        ticks.push_back(text.substr(0, text.find('.')));
        widest = std::max(widest, ticks.back().size());
    }
    // Room for the widest value label left of the axis (a national trend reaches "25000"; found clipped
    // in a screenshot of a merged 100-kiosk report).
    const double left = std::max(44.0, kAxisGap + kAxisDigit * static_cast<double>(widest) + 2);
    double width = left + plot_w + right, height = top + plot_h + bottom;
    auto x_of = [&](std::size_t i) {
        return labels.size() < 2 ? left + plot_w / 2 : left + plot_w * static_cast<double>(i) / static_cast<double>(labels.size() - 1);
    };
    auto y_of = [&](double v) { return top + plot_h - plot_h * v / top_value; };
    std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                      "\" aria-label=\"" + EscapeHtml(title) + "\"><title>" + EscapeHtml(title) + "</title>";
    for (int tick = 0; tick <= 4; ++tick) {
        double v = top_value * tick / 4, y = y_of(v);
        svg += "<line class=\"grid\" x1=\"" + Num(left) + "\" x2=\"" + Num(left + plot_w) + "\" y1=\"" + Num(y) +
               "\" y2=\"" + Num(y) + "\"/><text class=\"axis\" x=\"" + Num(left - kAxisGap) + "\" y=\"" + Num(y + 4) +
               "\" text-anchor=\"end\">" + ticks[static_cast<std::size_t>(tick)] + "</text>";
    }
    // Label every period if they fit, otherwise every n-th.
    std::size_t every = std::max<std::size_t>(1, (labels.size() + 5) / 6);
    for (std::size_t i = 0; i < labels.size(); i += every) {
        // The last label ends at its point, so it is not cut off at the right edge.
        const char* anchor = i + 1 == labels.size() && labels.size() > 1 ? "end" : "middle";
        svg += "<text class=\"axis\" x=\"" + Num(x_of(i)) + "\" y=\"" + Num(top + plot_h + 18) +
               "\" text-anchor=\"" + anchor + "\">" + EscapeHtml(labels[i]) + "</text>";
    }
    for (std::size_t s = 0; s < series.size(); ++s) {
        const char* colour = kColours[s % 4];
        std::string path;
        bool pen_down = false;
        for (std::size_t i = 0; i < series[s].values.size() && i < labels.size(); ++i) {
            const auto& v = series[s].values[i];
            if (!v) {
                pen_down = false;  // a suppressed period is a gap, not a dip to zero
                continue;
            }
            path += (pen_down ? " L" : " M") + Num(x_of(i)) + " " + Num(y_of(*v));
            pen_down = true;
            svg += "<circle cx=\"" + Num(x_of(i)) + "\" cy=\"" + Num(y_of(*v)) + "\" r=\"3.5\" fill=\"" + colour + "\"/>";
        }
        if (!path.empty())
            svg += "<path d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2.5\"/>";
        double lx = left + 190 * static_cast<double>(s);
        svg += "<rect x=\"" + Num(lx) + "\" y=\"8\" width=\"14\" height=\"14\" fill=\"" + colour + "\"/><text x=\"" +
               Num(lx + 20) + "\" y=\"20\">" + EscapeHtml(series[s].name) + "</text>";
    }
    return svg + "</svg>";
}

}  // namespace report
