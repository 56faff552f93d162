// Rendering Graphviz DOT to SVG or PNG through Graphviz's `dot` program (Debian: graphviz),
// for `hwsim system-map`.
#pragma once
#include <string>

namespace hwsim {

// The path of `program` on PATH, or "" if it is not there.
std::string find_program(const std::string& program);

// Runs `dot -T<format>` on `dot_text` and writes the result to `out_path` (atomically), or to
// standard output when `out_path` is empty. Throws std::runtime_error naming `dot` when it is
// not on PATH, and with dot's exit status when it fails.
void render_dot(const std::string& dot_text, const std::string& format,
                const std::string& out_path);

}  // namespace hwsim
