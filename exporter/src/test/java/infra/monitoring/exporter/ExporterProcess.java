package infra.monitoring.exporter;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real exporter jar started as a process on a loopback port, for the *IT tests. */
final class ExporterProcess implements AutoCloseable {
  static final Path JAR = Path.of("target/exporter.jar");

  final int port;
  final Process process;
  final Path stderr;

  private ExporterProcess(int port, Process process, Path stderr) {
    this.port = port;
    this.process = process;
    this.stderr = stderr;
  }

  /** Runs the jar to completion (for backfill and start-up errors); returns the process. */
  static Process run(Path cwd, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb = builder(cwd, env, args);
    pb.redirectOutput(cwd.resolve("stdout.txt").toFile());
    pb.redirectError(cwd.resolve("stderr.txt").toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("exporter did not finish");
    }
    return p;
  }

  /** Starts the server and waits until it answers. */
  static ExporterProcess start(Path cwd, Map<String, String> env)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("MONITORING_EXPORTER_ADDR", "127.0.0.1");
    all.put("MONITORING_EXPORTER_PORT", String.valueOf(port));
    ProcessBuilder pb = builder(cwd, all);
    Path err = cwd.resolve("exporter-" + port + ".log");
    pb.redirectErrorStream(true).redirectOutput(err.toFile());
    ExporterProcess e = new ExporterProcess(port, pb.start(), err);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // With a web config the port may speak TLS: being bound is what tells it is up.
    boolean plain = !env.containsKey("MONITORING_EXPORTER_WEB_CONFIG");
    while (true) {
      try {
        if (plain) {
          Http.get(port, "/");
        } else {
          new java.net.Socket("127.0.0.1", port).close();
        }
        return e;
      } catch (IOException notYet) {
        if (!e.process.isAlive() || System.nanoTime() > deadline) {
          e.close();
          throw new IllegalStateException(
              "exporter did not start: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        Thread.sleep(50);
      }
    }
  }

  private static ProcessBuilder builder(Path cwd, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + Path.of("jvm.options").toAbsolutePath());
    cmd.add("-jar");
    cmd.add(JAR.toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    // Only the settings the test gives: nothing from the developer's environment.
    pb.environment().keySet().removeIf(k -> k.startsWith("MONITORING_"));
    pb.environment().putAll(env);
    return pb;
  }

  String log() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
