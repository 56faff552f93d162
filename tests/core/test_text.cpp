// Text for hand-written formats (core/text.hpp).
#include <catch2/catch.hpp>

#include "core/text.hpp"

using namespace hwsim;

TEST_CASE("json_quote makes a JSON literal safe inside a script element", "[core]") {
  CHECK(json_quote("a</script>b") == R"("a\u003c/script>b")");
  CHECK(json_quote("café") == "\"café\"");
}

TEST_CASE("html_escape escapes what HTML and XML need", "[core]") {
  CHECK(html_escape(R"(a<b & "c">)") == "a&lt;b &amp; &quot;c&quot;&gt;");
  CHECK(html_escape("sex: female") == "sex: female");
}
