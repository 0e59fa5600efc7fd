package infra.monitoring.common.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tables of a docs page that a test checks: the part between {@code <!-- checked: NAME
 * -->} and the next {@code <!-- end -->}, its table rows (header and separator rows left out) split
 * into cells, and the {@code `code`} spans of a cell.
 */
public final class DocTables {
  /** The docs directory, seen from a module's directory (where Surefire runs the tests). */
  public static final Path DOCS = Path.of("..", "docs");

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private DocTables() {}

  /** The text of a checked section of a docs page. */
  public static String section(String page, String name) throws IOException {
    Path file = DOCS.resolve(page);
    String doc = Files.readString(file, StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile(
                "<!-- checked: " + Pattern.quote(name) + " -->\n(.*?)<!-- end -->", Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find())
        .as("%s has a section <!-- checked: %s --> ... <!-- end -->", file, name)
        .isTrue();
    return m.group(1);
  }

  /** The body rows of every table in the text, each as its cells (trimmed, outer pipes removed). */
  public static List<List<String>> rows(String text) {
    List<String> lines = text.lines().toList();
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      boolean header = i + 1 < lines.size() && isSeparator(lines.get(i + 1).strip());
      if (line.startsWith("|") && !isSeparator(line) && !header) {
        out.add(cells(line));
      }
    }
    return out;
  }

  /** The {@code `code`} spans of a cell, in order. */
  public static List<String> codes(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static boolean isSeparator(String line) {
    return line.startsWith("|") && line.replaceAll("[|\\-: ]", "").isEmpty();
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> out = new ArrayList<>();
    for (String c : inner.split("(?<!\\\\)\\|", -1)) {
      out.add(c.strip());
    }
    return out;
  }
}
