package infra.monitoring.common.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

  @Test
  void parsesTheOriginalsCases() {
    Map<String, String> m =
        EnvFile.parse(
            List.of(
                "# comment",
                "",
                "FOO=bar",
                "QUOTED=\"baz\"",
                "EMPTY=",
                "no equals sign",
                " SP = x "));
    assertThat(m)
        .containsExactly(
            Map.entry("FOO", "bar"),
            Map.entry("QUOTED", "baz"),
            Map.entry("EMPTY", ""),
            Map.entry("SP", "x"));
  }

  @Test
  void inlineCommentsAreCutOnlyOutsideQuotes() {
    Map<String, String> m =
        EnvFile.parse(
            List.of(
                "A=\"v\" # note",
                "B='x#y'",
                "C=plain # note",
                "D=url#fragment",
                "export E=1",
                "F=#only comment"));
    assertThat(m.get("A")).isEqualTo("v"); // the original gave v"
    assertThat(m.get("B")).isEqualTo("x#y");
    assertThat(m.get("C")).isEqualTo("plain");
    assertThat(m.get("D")).isEqualTo("url#fragment");
    assertThat(m.get("E")).isEqualTo("1");
    assertThat(m.get("F")).isEmpty();
  }

  @Test
  void missingFileIsEmpty(@TempDir Path dir) {
    assertThat(EnvFile.read(dir.resolve("nope.env"))).isEmpty();
  }
}
