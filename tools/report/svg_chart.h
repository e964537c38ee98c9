// Inline SVG charts for the HTML report: horizontal bars and trend lines. Plain SVG with a viewBox, so
// they scale to a phone, print sharply, and need no script or external file. A suppressed value is a
// labelled gap ("[c]"), never a bar of some made-up length.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace report {

struct Bar {
    std::string label;
    std::optional<double> value;  // nullopt: suppressed or not applicable
    std::string value_text;       // shown at the bar's end ("72%", "[c]")
};

// Horizontal bars scaled to `max` (e.g. 100 for percentages). `title` is the accessible name.
std::string BarChart(const std::string& title, const std::vector<Bar>& bars, double max);

struct Series {
    std::string name;
    std::vector<std::optional<double>> values;  // one per label; nullopt breaks the line
};

// Lines over `labels` (periods), from 0 to the largest value, with a legend.
std::string LineChart(const std::string& title, const std::vector<std::string>& labels, const std::vector<Series>& series);

}  // namespace report
