package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real {@code collector/target/collector.jar} with its {@code jvm.options}, as {@code
 * run.sh} and the image do, on a temporary log root with a loopback probe target, and checks the
 * feed it writes and how it stops.
 */
class CollectorIT {
  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path JAR = MODULE.resolve("target/collector.jar");
  private static final Path JVM_OPTIONS = MODULE.resolve("jvm.options");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TOP_LEVEL =
      List.of("ts", "level", "msg", "state", "timestamp", "metrics", "host", "alerts");

  @TempDir Path tmp;
  private ServerSocket target;
  private Thread acceptor;
  private Process process;

  @BeforeEach
  void listen() throws IOException {
    // The probe target: a port this test listens on, on loopback only.
    target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!target.isClosed()) {
                try (Socket s = target.accept()) {
                  s.getInputStream().available();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "probe-target");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    target.close();
  }

  private Process start(Path root, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + JVM_OPTIONS);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()); // no stray ./.env
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("MONITORING_") || k.startsWith("LOGS_"));
    e.put("MONITORING_LOG_ROOT", root.toString());
    e.put("MONITORING_PROBE_TARGETS", "127.0.0.1:" + target.getLocalPort());
    e.putAll(env);
    pb.redirectOutput(tmp.resolve("stdout.txt").toFile());
    pb.redirectError(tmp.resolve("stderr.txt").toFile());
    process = pb.start();
    return process;
  }

  private static Path feedFile(Path root) {
    return root.resolve("json").resolve("monitoring-" + LocalDate.now() + ".jsonl");
  }

  private static List<String> waitForLines(Path file, int n, Duration max) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() >= n) {
          return lines;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("fewer than " + n + " lines in " + file + " after " + max);
  }

  private String stderr() throws IOException {
    return Files.readString(tmp.resolve("stderr.txt"));
  }

  private static List<String> keys(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void writesOneContractRecordPerSecondAndStopsCleanlyOnSigterm() throws Exception {
    Path root = tmp.resolve("logs");
    Process p = start(root, Map.of(), "-v");
    Path file = feedFile(root);
    waitForLines(file, 5, Duration.ofSeconds(30));
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(p.exitValue()).as("exit code; stderr:\n" + stderr()).isZero();

    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).as("the last line is complete").endsWith("\n");
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(5);

    List<String> metricKeys = new ArrayList<>();
    for (Metric m : Metric.of(Metric.Section.METRICS, null)) {
      metricKeys.add(m.key());
    }
    for (RecordList l : RecordList.values()) {
      if (l.section() == Metric.Section.METRICS) {
        metricKeys.add(l.key());
      }
    }
    metricKeys.add("collector");
    assertThat(metricKeys).containsSequence("disks", "interfaces", "probes", "cpu_modes");

    List<Double> times = new ArrayList<>();
    for (String line : lines) {
      FeedCodec.decode(line); // the contract's own reader accepts it
      JsonNode r = JSON.readTree(line);
      List<String> top = keys(r);
      assertThat(top.subList(0, TOP_LEVEL.size())).isEqualTo(TOP_LEVEL);
      assertThat(r.get("ts").isTextual()).isTrue();
      assertThat(r.get("ts").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
      assertThat(r.get("level").asText()).isEqualTo("INFO");
      assertThat(r.get("msg").isTextual()).isTrue();
      assertThat(r.get("state").asText()).isIn("STABLE", "WARNING", "CRITICAL");
      assertThat(r.get("timestamp").asText()).endsWith("+00:00");
      assertThat(r.get("host").isTextual()).isTrue();
      assertThat(r.get("host").asText()).isNotBlank();
      assertThat(r.get("alerts").isArray()).isTrue();

      JsonNode m = r.get("metrics");
      assertThat(keys(m)).as("metrics keys, in order, none omitted").isEqualTo(metricKeys);
      for (Metric k : Metric.of(Metric.Section.METRICS, null)) {
        JsonNode v = m.get(k.key());
        if (v.isNull()) {
          continue; // present as null, never omitted
        }
        switch (k.kind()) {
          case NUMBER -> assertThat(v.isNumber()).as(k.key()).isTrue();
          case INTEGER -> assertThat(v.isIntegralNumber()).as(k.key()).isTrue();
          case TEXT -> assertThat(v.isTextual()).as(k.key()).isTrue();
          case BOOLEAN -> assertThat(v.isBoolean()).as(k.key()).isTrue();
        }
      }
      assertThat(m.get("timestamp").isNumber()).isTrue();
      if (!times.isEmpty()) {
        // The first sample may have no CPU ticks to compare yet (null); later ones must have them.
        assertThat(m.get("cpu_percent").isNumber()).as("cpu on this host").isTrue();
      }
      assertThat(m.get("memory_total_bytes").isIntegralNumber()).isTrue();
      assertThat(m.get("disks").isArray()).isTrue();
      assertThat(m.get("interfaces").isArray()).isTrue();
      assertThat(m.get("probes").isArray()).isTrue();
      JsonNode c = m.get("collector");
      assertThat(keys(c)).containsExactly("cpu_seconds", "rss_bytes", "sample_seconds", "sources");
      assertThat(c.get("sample_seconds").isNumber()).isTrue();
      assertThat(c.get("sources").isArray()).isTrue();
      times.add(m.get("timestamp").asDouble());
    }

    // One second apart, and no drift: sample k is at t0 + k seconds. The bounds leave room for a
    // wake-up delayed by a busy build machine; exact no-drift is unit-tested with a fake clock.
    double t0 = times.get(0);
    for (int k = 1; k < times.size(); k++) {
      assertThat(times.get(k) - times.get(k - 1)).as("spacing %d", k).isBetween(0.75, 1.25);
      assertThat(times.get(k) - t0 - k).as("drift at %d", k).isBetween(-0.2, 0.2);
    }

    // The probe source, once present, measures our loopback target.
    JsonNode last = JSON.readTree(lines.get(lines.size() - 1)).get("metrics");
    boolean probesOn = false;
    for (JsonNode s : last.get("collector").get("sources")) {
      probesOn |= s.get("name").asText().startsWith("probe");
    }
    if (probesOn) {
      assertThat(last.get("probes").toString()).contains("127.0.0.1:" + target.getLocalPort());
    }

    // -v printed each record's short summary (its msg) on stdout.
    List<String> printed = Files.readAllLines(tmp.resolve("stdout.txt"), StandardCharsets.UTF_8);
    assertThat(printed).hasSize(lines.size());
    assertThat(printed.get(0)).isEqualTo(JSON.readTree(lines.get(0)).get("msg").asText());

    // The app log was flushed on the way out.
    String appLog = Files.readString(root.resolve("app").resolve("collector.json"));
    assertThat(appLog).contains("collector started").contains("collector stopped by signal");
  }

  @Test
  void aBadSettingExitsNonZeroNamingTheVariableAndCreatesNothing() throws Exception {
    Path root = tmp.resolve("never");
    Process p = start(root, Map.of("MONITORING_INTERVAL_SEC", "-1"));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    String err = stderr();
    assertThat(err).contains("MONITORING_INTERVAL_SEC").contains("-1");
    assertThat(err.strip().lines().count()).isEqualTo(1);
    assertThat(root).doesNotExist();
  }

  @Test
  void aPartialLastLineLeftByACrashIsClosedOff() throws Exception {
    Path root = tmp.resolve("logs");
    Path file = feedFile(root);
    Files.createDirectories(file.getParent());
    String good =
        "{\"ts\": \"2026-11-23T21:34:31.852247+00:00\", \"level\": \"INFO\", \"msg\": \"x\","
            + " \"state\": \"STABLE\", \"timestamp\": \"2026-11-23T21:34:31.846864+00:00\","
            + " \"metrics\": {\"timestamp\": 1795469671.845335}}";
    String partial = "{\"ts\": \"2026-11-23T21:34:32.85";
    Files.writeString(file, good + "\n" + partial);

    Process p = start(root, Map.of(), "-c", "2");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(stderr()).isZero();

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo(good);
    assertThat(lines.get(1)).isEqualTo(partial);
    FeedCodec.decode(lines.get(2));
    FeedCodec.decode(lines.get(3));
    assertThat(Files.readString(file)).endsWith("\n");
  }
}
