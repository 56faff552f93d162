#include "report/page.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/text.hpp"

namespace hwsim {

namespace {

constexpr const char* kStyle = R"(
body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:980px;color:#222;line-height:1.4}
h1{font-size:24px;margin-bottom:6px}h2{font-size:18px;margin-top:34px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 4px}p.note{color:#555;font-size:13px}
p.answer{font-size:17px;background:#f3f7fb;border-left:4px solid #1f6fb4;padding:10px 14px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;margin:14px 0}
.card{border:1px solid #ccd;border-radius:6px;padding:8px 10px;background:#fff}
.card .k{font-size:12px;color:#555}.card .v{font-size:21px;font-weight:bold;margin:2px 0}
.card .b{font-size:12px;color:#444}
figure{margin:10px 0 18px}figure canvas{border:1px solid #e3e3e3;max-width:100%}
figcaption{font-size:12px;color:#444;margin-top:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0 14px}
caption{text-align:left;font-size:13px;color:#444;padding-bottom:4px}
th,td{border:1px solid #d6d6d6;padding:3px 7px;vertical-align:top}thead th{background:#f1f1f1}
div.wide{overflow-x:auto}p.sub{color:#444;margin-top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
details{margin:2px 0 16px}summary{cursor:pointer;font-size:13px;color:#1f6fb4}
ul.changes{font-size:14px}pre{background:#f6f6f6;padding:10px;font-size:12px;white-space:pre-wrap}
)";

// Every chart is a <canvas data-chart>; body[data-drawn] counts the charts drawn and
// body[data-overlaps] the pairs of text boxes that overlap (both read by the tests that render
// the pages).
constexpr const char* kDrawnAndLayout =
    R"(document.body.setAttribute('data-drawn', Object.keys(Chart.instances).length);
// Layout check: text boxes that overlap (other than a box and what it holds).
(function () {
  const els = [...document.querySelectorAll('h1,h2,h3,p,li,th,td,caption,figcaption,summary,.card div')].filter(e => e.offsetParent !== null && !(e.closest('details:not([open])') && !e.closest('summary')));
  const boxes = els.map(e => [e, e.getBoundingClientRect()]);
  let n = 0;
  for (let i = 0; i < boxes.length; ++i) for (let j = i + 1; j < boxes.length; ++j) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const ox = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), oy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (ox > 1 && oy > 1) { ++n; if (n < 5) console.log('overlap', a.textContent.slice(0, 30), '|', b.textContent.slice(0, 30)); }
  }
  document.body.setAttribute('data-overlaps', n);
})();
)";

}  // namespace

std::string_view report_style() { return kStyle; }
std::string_view drawn_and_layout_check() { return kDrawnAndLayout; }

// Whole numbers with thousands separators, signed where asked: 12,820 / -412.
std::string whole(double v, bool sign) {
  if (!std::isfinite(v)) return "n/a";
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return (n < 0 ? "-" : (sign && n > 0 ? "+" : "")) + out;
}
std::string pounds(double v) {
  if (!std::isfinite(v)) return "n/a";
  const double a = std::abs(v);
  const std::string s = a >= 1e6   ? fmt::format("£{:.1f}m", a / 1e6)
                        : a >= 1e4 ? fmt::format("£{}k", whole(a / 1e3))
                                   : "£" + whole(a);
  return (v < 0 ? "-" : "") + s;
}

std::string json_band(const Band& b) {
  return fmt::format("{{\"mean\":{},\"p05\":{},\"p95\":{}}}", json_number(b.mean),
                     json_number(b.p05), json_number(b.p95));
}

std::string table(const std::string& id, const std::string& caption,
                  const std::vector<std::string>& head,
                  const std::vector<std::vector<Cell>>& rows) {
  std::string out = fmt::format("<table id=\"{}\"><caption>{}</caption><thead><tr>", id, caption);
  for (const auto& h : head) out += "<th scope=\"col\">" + html_escape(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& r : rows) {
    out += "<tr>";
    for (std::size_t k = 0; k < r.size(); ++k)
      out += k == 0 ? "<th scope=\"row\">" + html_escape(r[k].text) + "</th>"
                    : fmt::format("<td{}>{}</td>", r[k].number ? " class=\"n\"" : "",
                                  html_escape(r[k].text));
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

}  // namespace hwsim
