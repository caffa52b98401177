package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation cannot drift from the code: every fenced {@code ```java} block of README.md and docs/*.md
 * compiles against jkeras (the blocks marked {@code ```java run} also run), the README's test command is the
 * one CI runs, every doc is linked from the README's index, relative links resolve, and the versions the docs
 * show are the build's.
 *
 * <p>A block is either a complete compilation unit (imports and a public class, as a user would save it in a
 * file) or marked {@code ```java fragment}: a fragment is compiled as the body of a method that throws {@code
 * Exception}, with the imports of {@link #FRAGMENT_IMPORTS} and the fields of {@link #FRAGMENT_FIELDS} in
 * scope (docs/CONTRIBUTING.md). The README has complete programs only: a newcomer can copy any of them.
 */
class DocsTest {
  static final String FRAGMENT_IMPORTS = String.join("",
      "import io.jkeras.*; import io.jkeras.layers.*; import io.jkeras.callbacks.*; import io.jkeras.training.*;",
      " import io.jkeras.optimizers.*; import io.jkeras.backend.*; import io.jkeras.datasets.*;",
      " import io.jkeras.ops.Ops; import io.jkeras.losses.Loss; import io.jkeras.losses.Losses;",
      " import io.jkeras.tf.*; import java.nio.file.*; import java.util.*; import org.tensorflow.ndarray.*;");
  static final String FRAGMENT_FIELDS =
      "Model model; Model other; FloatNdArray x; IntNdArray y; FloatNdArray images; FloatNdArray xVal; IntNdArray yVal;";
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  private static Path root;

  @TempDir Path tmp;

  /** A fenced java block: where it is, its info string after {@code java}, its code. */
  record Block(Path file, int line, String info, String code) {
    boolean fragment() {
      return info.contains("fragment");
    }

    boolean runs() {
      return info.contains("run");
    }

    String where() {
      return root.relativize(file) + ":" + line;
    }
  }

  @BeforeAll
  static void findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve(".ci/run"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "no .ci/run above " + Path.of("").toAbsolutePath());
    root = dir;
  }

  static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  static List<Block> javaBlocks(Path md) throws IOException {
    List<String> lines = Files.readAllLines(md, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```java")) {
        int start = i + 1;
        StringBuilder code = new StringBuilder();
        for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
          code.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(md, start + 1, line.substring("```java".length()).trim(), code.toString()));
      }
    }
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheDocsCompiles() throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (Path md : markdownFiles()) {
      blocks.addAll(javaBlocks(md));
    }
    assertTrue(blocks.size() >= 5, "found only " + blocks.size() + " java blocks");
    compile(blocks, tmp.resolve("classes"));
  }

  @Test
  void readmeHasCompleteProgramsOnly() throws IOException {
    List<Block> blocks = javaBlocks(root.resolve("README.md"));
    assertFalse(blocks.isEmpty());
    for (Block b : blocks) {
      assertFalse(b.fragment(), b.where() + ": the README's java blocks must be complete programs");
      assertTrue(b.code().contains("public static void main("), b.where() + ": no main method");
    }
  }

  @Test
  void programsMarkedRunRun() throws Exception {
    List<Block> runnable = new ArrayList<>();
    for (Path md : markdownFiles()) {
      javaBlocks(md).stream().filter(Block::runs).forEach(runnable::add);
    }
    assertFalse(runnable.isEmpty(), "no ```java run block");
    Path classes = tmp.resolve("run-classes");
    List<String> mains = compile(runnable, classes);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      for (int i = 0; i < mains.size(); i++) {
        Method main = loader.loadClass(mains.get(i)).getMethod("main", String[].class);
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
          main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
          throw new AssertionError(runnable.get(i).where() + ": the program failed", e.getCause());
        } finally {
          System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertTrue(printed.contains("accuracy"), runnable.get(i).where() + " printed no accuracy:\n" + printed);
      }
    }
  }

  @Test
  void ciRunsTheReadmeTestCommand() throws IOException {
    List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
    int section = -1;
    for (int i = 0; i < readme.size(); i++) {
      if (readme.get(i).startsWith("#") && readme.get(i).contains("Run the tests")) {
        section = i;
        break;
      }
    }
    assertTrue(section >= 0, "README.md has no 'Run the tests' heading");
    String command = null;
    for (int i = section + 1; i < readme.size() && command == null; i++) {
      if (readme.get(i).startsWith("```bash")) {
        command = readme.get(i + 1).replaceAll("\\s+#.*$", "").trim();
      }
    }
    assertNotNull(command, "no ```bash block under 'Run the tests'");
    List<String> ci = Files.readAllLines(root.resolve(".ci/run"), StandardCharsets.UTF_8);
    String expected = command;
    assertTrue(ci.stream().anyMatch(l -> l.trim().equals(expected)),
        ".ci/run does not run the README's test command '" + command + "'");
  }

  @Test
  void everyDocIsLinkedFromTheReadme() throws IOException {
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    for (Path md : markdownFiles().subList(1, markdownFiles().size())) {
      String link = "](docs/" + md.getFileName() + ")";
      assertTrue(readme.contains(link), "README.md does not link " + root.relativize(md));
    }
  }

  @Test
  void relativeLinksResolveAndNothingPointsOutsideTheRepository() throws IOException {
    List<Path> files = new ArrayList<>(markdownFiles());
    files.add(root.resolve("examples/quickstart/README.md"));
    files.add(root.resolve("tools/keras-crosscheck/README.md"));
    files.add(root.resolve("data/mnist/README.md"));
    List<String> problems = new ArrayList<>();
    for (Path md : files) {
      String text = Files.readString(md, StandardCharsets.UTF_8);
      for (String outside : List.of("shared/DESIGN.md", "DEVELOPERS.md", "../shared")) {
        if (text.contains(outside)) {
          problems.add(root.relativize(md) + " names " + outside + ", which is not in the repository");
        }
      }
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")
            || target.startsWith("mailto:")) {
          continue;
        }
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        if (!Files.exists(md.getParent().resolve(path).normalize())) {
          problems.add(root.relativize(md) + " links " + target + ", which does not exist");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void versionsInTheDocsAndTheBomAreTheBuilds() throws IOException {
    String parent = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
    String bom = Files.readString(root.resolve("bom/pom.xml"), StandardCharsets.UTF_8);
    String version = tag(parent, "version");
    assertEquals(version, tag(bom, "version"), "bom/pom.xml's version");
    for (String property : List.of("tensorflow.version", "ndarray.version")) {
      assertEquals(tag(parent, property), tag(bom, property), "bom/pom.xml's " + property);
    }
    String quickstart = Files.readString(root.resolve("examples/quickstart/pom.xml"), StandardCharsets.UTF_8);
    assertEquals(version, tag(quickstart, "jkeras.version"), "examples/quickstart/pom.xml's jkeras.version");
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains("<version>" + version + "</version>"), "README's Maven snippet lacks " + version);
    String using = Files.readString(root.resolve("docs/USING.md"), StandardCharsets.UTF_8);
    assertTrue(using.contains("io.jkeras:jkeras-bom:" + version), "docs/USING.md's Gradle snippet lacks " + version);
  }

  @Test
  void readmeStaysAFrontPage() throws IOException {
    long lines = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8).size();
    assertTrue(lines <= 215, "README.md has " + lines + " lines; reference material belongs in docs/");
  }

  /** The text of the first {@code <tag>} after the {@code <parent>} block (or in the file, if none). */
  private static String tag(String pom, String tag) {
    int from = pom.contains("</parent>") ? pom.indexOf("</parent>") : 0;
    Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">([^<]*)</" + Pattern.quote(tag) + ">")
        .matcher(pom);
    assertTrue(m.find(from), "no <" + tag + "> in a POM");
    return m.group(1).trim();
  }

  /**
   * Compiles the blocks, each in a package of its own, into {@code classes}; fails with every error mapped back
   * to the markdown file and line. Returns the main class of each block.
   */
  private static List<String> compile(List<Block> blocks, Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "no Java compiler: run the tests on a JDK");
    Files.createDirectories(classes);
    List<JavaFileObject> units = new ArrayList<>();
    List<String> mains = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      String pkg = "doc.block" + i;
      if (b.fragment()) {
        // One line of preamble, so that line n of the fragment is line n + 1 of the unit.
        String source = "package " + pkg + "; " + FRAGMENT_IMPORTS + " class Fragment { " + FRAGMENT_FIELDS
            + " void run() throws Exception {\n" + b.code() + "}}\n";
        units.add(new Unit(pkg + ".Fragment", source, b, 1));
        mains.add(pkg + ".Fragment");
      } else {
        Matcher m = PUBLIC_TYPE.matcher(b.code());
        if (!m.find()) {
          problems.add(b.where() + ": neither a complete compilation unit (imports and a public class) nor"
              + " marked ```java fragment");
          continue;
        }
        if (b.code().matches("(?s)\\s*package\\s.*")) {
          problems.add(b.where() + ": declares a package; documented programs have none, so that a copy compiles"
              + " in any folder");
          continue;
        }
        // On the first line, so that line numbers stay the block's.
        units.add(new Unit(pkg + "." + m.group(1), "package " + pkg + "; " + b.code(), b, 0));
        mains.add(pkg + "." + m.group(1));
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> options = List.of("-d", classes.toString(), "-classpath", classPath, "-proc:none",
        "-Xlint:deprecation", "--release", "17");
    boolean ok = javac.getTask(null, null, diagnostics, options, null, units).call();
    List<String> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING
            || d.getKind() == Diagnostic.Kind.WARNING)
        .map(d -> {
          Unit u = (Unit) d.getSource();
          String where = u == null ? "?" : root.relativize(u.block.file()) + ":"
              + (u.block.line() + d.getLineNumber() - 1 - u.preambleLines);
          return where + ": " + d.getKind().name().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT);
        })
        .collect(Collectors.toList());
    if (!ok || !errors.isEmpty()) {
      fail("Java blocks of the docs do not compile:\n" + String.join("\n", errors));
    }
    return mains;
  }

  /** One block as a source file for the compiler. */
  private static final class Unit extends SimpleJavaFileObject {
    final String source;
    final Block block;
    final int preambleLines;

    Unit(String className, String source, Block block, int preambleLines) {
      super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.source = source;
      this.block = block;
      this.preambleLines = preambleLines;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return source;
    }
  }
}
