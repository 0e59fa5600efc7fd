package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backfill through the jar, then promtool turns its output into TSDB blocks. */
class BackfillIT {
  @TempDir Path dir;

  @Test
  void promtoolCreatesBlocksFromTheOutput() throws Exception {
    Path root = dir.resolve("logs");
    int records = BackfillTest.writeHistory(root);
    Path out = dir.resolve("history.om");
    Process p =
        ExporterProcess.run(
            dir, Map.of(), "backfill", "--from", root.toString(), "--out", out.toString());
    String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err)
        .contains("backfill: [1/4] archive/monitoring-2026-11-21.jsonl.gz")
        .contains("backfill: done: 4 files, " + records + " records");
    assertThat(Files.readString(out)).endsWith("# EOF\n");

    String promtool = findPromtool();
    assumeTrue(promtool != null, "promtool not on PATH");
    Path data = dir.resolve("data");
    Process pt =
        new ProcessBuilder(
                promtool,
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                out.toString(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    String ptOut = new String(pt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(pt.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(pt.exitValue()).as(ptOut).isZero();
    try (var blocks = Files.list(data)) {
      assertThat(blocks.filter(b -> Files.exists(b.resolve("meta.json"))).count())
          .as(ptOut)
          .isPositive();
    }
  }

  @Test
  void usageErrorsExit2() throws Exception {
    Process p = ExporterProcess.run(dir, Map.of(), "backfill", "--out");
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("stderr.txt")))
        .startsWith("backfill: --out needs a value")
        .contains("usage: exporter.jar backfill --from LOG_ROOT --out FILE");
  }

  static String findPromtool() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "promtool"))) {
        return Path.of(d, "promtool").toString();
      }
    }
    return null;
  }
}
