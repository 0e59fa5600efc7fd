package infra.monitoring.collector.treatment;

import infra.monitoring.collector.files.SafeFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reapply_network_config}: runs the commands of {@code MONITORING_NETWORK_COMMANDS} one
 * after another, each with a time-out, directly (no shell: a command is split into words with
 * shell-like quoting; write {@code sh -c '...'} to get one). Unavailable when none is configured;
 * the original's built-in commands and its connectivity check against a public address are gone. A
 * dry run lists the commands without running them.
 */
public final class NetworkCommands implements TreatmentAction {
  public static final String NAME = "reapply_network_config";
  private static final Logger LOG = LoggerFactory.getLogger(NetworkCommands.class);
  private static final int OUTPUT_CHARS = 500;

  private final List<String> commands;
  private final Duration timeout;
  private final Path outputDir;

  /**
   * @param outputDir where each command's output is captured ({@code network_command.out}, replaced
   *     on every run)
   */
  public NetworkCommands(List<String> commands, Duration timeout, Path outputDir) {
    this.commands = List.copyOf(commands);
    this.timeout = timeout;
    this.outputDir = outputDir;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean network() {
    return true;
  }

  @Override
  public String unavailableReason() {
    return commands.isEmpty() ? "MONITORING_NETWORK_COMMANDS is not set" : null;
  }

  @Override
  public Outcome run(Context ctx) throws IOException, InterruptedException {
    if (commands.isEmpty()) {
      return new Outcome(false, unavailableReason());
    }
    if (ctx.dryRun()) {
      return new Outcome(true, "would run: " + String.join("; ", commands));
    }
    SafeFiles.createDirectories(outputDir);
    List<String> parts = new ArrayList<>();
    boolean ok = true;
    for (String c : commands) {
      String r = runOne(c, outputDir.resolve("network_command.out"));
      parts.add(c + " -> " + r);
      if (!r.equals("exit 0")) {
        ok = false;
      }
    }
    return new Outcome(ok, String.join("; ", parts));
  }

  private String runOne(String command, Path name) throws IOException, InterruptedException {
    List<String> argv = split(command);
    if (argv.isEmpty()) {
      return "empty command";
    }
    // The output goes to a file created new under a random name, so that nothing placed at the
    // fixed name in advance (a link) receives it; it is read back with a bound, then renamed over
    // the fixed name (a rename replaces a link, it does not follow it) for whoever looks later.
    Path out = SafeFiles.temporarySibling(name);
    SafeFiles.createNew(out).close();
    try {
      String result = runOne(command, argv, out);
      Files.move(out, name, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private String runOne(String command, List<String> argv, Path out)
      throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      LOG.warn("network command '{}' could not start: {}", command, e.getMessage());
      return "could not start: " + e.getMessage();
    }
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(2, TimeUnit.SECONDS);
      String secs = BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
      LOG.warn("network command '{}' timed out after {} s", command, secs);
      return "timed out after " + secs + " s";
    }
    String output = head(out).strip();
    if (output.length() > OUTPUT_CHARS) {
      output = output.substring(0, OUTPUT_CHARS) + "…";
    }
    LOG.info("network command '{}' exited {}: {}", command, p.exitValue(), output);
    return "exit " + p.exitValue();
  }

  /** The first bytes of the output, enough for the logged excerpt; the rest is never read. */
  private static String head(Path out) throws IOException {
    try (FileChannel ch = SafeFiles.openRead(out)) {
      ByteBuffer buf = ByteBuffer.allocate(OUTPUT_CHARS * 4 + 4);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // fill the excerpt's bytes
      }
      return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Splits a command line into words: whitespace separates, {@code '...'} is literal, {@code "..."}
   * allows {@code \"} and {@code \\}, a backslash outside quotes escapes the next character.
   */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quote == '\'') {
        if (ch == '\'') {
          quote = 0;
        } else {
          cur.append(ch);
        }
      } else if (quote == '"') {
        if (ch == '"') {
          quote = 0;
        } else if (ch == '\\'
            && i + 1 < line.length()
            && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
          cur.append(line.charAt(++i));
        } else {
          cur.append(ch);
        }
      } else if (Character.isWhitespace(ch)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        if (ch == '\'' || ch == '"') {
          quote = ch;
        } else if (ch == '\\' && i + 1 < line.length()) {
          cur.append(line.charAt(++i));
        } else {
          cur.append(ch);
        }
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in: " + line);
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }
}
