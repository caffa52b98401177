package io.jkeras.tf;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps TensorFlow's native INFO lines ("oneDNN custom operations are on", "Calling Java gradient function for
 * operation of type ...", "MLIR V1 optimization pass is not enabled") out of a jkeras program's standard error,
 * as Keras' own scripts do with {@code TF_CPP_MIN_LOG_LEVEL}. Warnings and errors still show.
 *
 * <p>The level follows TensorFlow's {@code TF_CPP_MIN_LOG_LEVEL}: 0 shows everything, 1 (jkeras' default) hides
 * INFO, 2 also hides warnings, 3 also errors. It is taken from the system property {@value #PROPERTY} when set
 * ({@code java -Djkeras.tf.minLogLevel=0 ...} shows the INFO lines again), else from the environment variable
 * {@value #ENV} when set, else 1.
 *
 * <p>How, since Java cannot change its own environment: TensorFlow has two loggers, and neither can be set from
 * TF Java's API. TensorFlow's own ({@code tsl}) reads {@code TF_CPP_MIN_LOG_LEVEL} from the process environment
 * once, at its first message, which it writes while the native library loads; so before anything loads the
 * library, {@link #configure} sets the variable with the C library's {@code setenv} (through JNA). The second
 * logger is a private copy of Abseil's inside {@code libtensorflow_cc}, which ignores the variable and writes
 * the MLIR line (once per process, with Abseil's "All log messages before absl::InitializeLog()" preamble) at
 * the process' first {@code Session.run}; {@link #firstRun} makes that run while standard error (file
 * descriptor 2) points to a temporary file, then puts standard error back and copies to it every captured line
 * except the log lines below the level. No session of its own is made: the first session would fix
 * TensorFlow's process-wide thread pools. Windows has neither {@code setenv} nor {@code dup2} in the same
 * form: there the environment variable must be set before Java starts.
 */
final class NativeLogging {
  /** The system property that sets the level (0-3). */
  static final String PROPERTY = "jkeras.tf.minLogLevel";
  /** TensorFlow's environment variable, read by its native library. */
  static final String ENV = "TF_CPP_MIN_LOG_LEVEL";
  static final int DEFAULT_LEVEL = 1;

  private static final System.Logger LOG = System.getLogger(NativeLogging.class.getName());
  private static final int STDERR = 2;
  private static final int O_WRONLY = 1; // the same on Linux and macOS
  /**
   * Abseil's line header: {@code I0000 00:00:1796525364.447780    6672 file.cc:401] } (before Abseil is
   * initialized its clock shows 00:00 and the seconds since 1970).
   */
  private static final Pattern ABSL_LINE =
      Pattern.compile("^([IWEF])\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ \\S+:\\d+\\] ");
  /** TensorFlow's ({@code tsl}) line header: {@code 2026-12-06 02:49:24.334920: I tensorflow/...cc:210] }. */
  private static final Pattern TSL_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: ([IWEF]) ");
  private static final String ABSL_PREAMBLE =
      "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";

  private static boolean configured;
  private static boolean firstRunDone;
  /** The C library when INFO lines are to be filtered from the first run's output, else null. */
  private static Libc captureWith;
  private static int level = DEFAULT_LEVEL;

  private NativeLogging() {}

  /**
   * Sets TensorFlow's log level, once per process, before TensorFlow's native library is loaded: every entry
   * point of this runtime calls it before it touches TensorFlow. Never fails: a problem leaves TensorFlow's
   * logging as the environment says.
   */
  static synchronized void configure() {
    if (configured) {
      return;
    }
    configured = true;
    Settings settings = settings(System.getProperty(PROPERTY), System.getenv(ENV));
    if (settings.problem() != null) {
      LOG.log(System.Logger.Level.WARNING, settings.problem());
    }
    level = settings.level();
    Libc libc = Libc.load();
    if (libc == null) {
      return; // Windows, or JNA could not load: TensorFlow logs as the environment says.
    }
    if (settings.setEnvironment() && !libc.setenv(ENV, Integer.toString(level))) {
      return;
    }
    captureWith = level > 0 ? libc : null;
  }

  /**
   * Runs {@code run}, the caller's first {@code Session.run} (or SavedModel load); the first such call of the
   * process filters TensorFlow's Abseil INFO lines from standard error while it runs, and calls made meanwhile
   * on other threads wait for it. Exceptions of {@code run} propagate unchanged.
   */
  static void firstRun(Runnable run) {
    configure();
    synchronized (NativeLogging.class) {
      if (!firstRunDone) {
        firstRunDone = true;
        if (captureWith != null) {
          runCapturingStderr(captureWith, level, run);
          return;
        }
      }
    }
    run.run();
  }

  /**
   * The level and whether jkeras must set the environment variable.
   *
   * @param level 0-3
   * @param setEnvironment false when the environment already says what the user chose
   * @param problem a message about an ignored bad value, or null
   */
  record Settings(int level, boolean setEnvironment, String problem) {}

  /** The level from the system property's and the environment variable's values (either may be null). */
  static Settings settings(String property, String environment) {
    String problem = null;
    if (property != null) {
      Integer level = parseLevel(property);
      if (level != null) {
        return new Settings(level, environment == null || !environment.trim().equals(property.trim()), null);
      }
      problem = "System property " + PROPERTY + "=" + property + " is not a TensorFlow log level 0-3 (0 shows"
          + " INFO lines, 1 hides them, 2 also warnings, 3 also errors); ignored";
    }
    if (environment != null) {
      Integer level = parseLevel(environment);
      // TensorFlow reads a value it cannot parse as 0; so does this.
      return new Settings(level == null ? 0 : level, false, problem);
    }
    return new Settings(DEFAULT_LEVEL, true, problem);
  }

  private static Integer parseLevel(String s) {
    try {
      int level = Integer.parseInt(s.trim());
      return level >= 0 && level <= 3 ? level : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The captured text without TensorFlow's and Abseil's log lines below {@code level} (and the lines that
   * continue them), and without Abseil's preamble when INFO is hidden; everything else is kept as it was.
   */
  static String filter(String captured, int level) {
    StringBuilder out = new StringBuilder();
    boolean droppingMessage = false;
    for (String line : captured.split("(?<=\n)")) {
      String bare = line.stripTrailing();
      int severity = severity(bare);
      if (severity >= 0) {
        droppingMessage = severity < level;
      } else if (bare.equals(ABSL_PREAMBLE)) {
        droppingMessage = level > 0;
      } else if (!(droppingMessage && looksLikeContinuation(line))) {
        droppingMessage = false;
      }
      if (!droppingMessage) {
        out.append(line);
      }
    }
    return out.toString();
  }

  /** 0-3 for a log line's severity letter (I, W, E, F), -1 for any other line. */
  private static int severity(String line) {
    Matcher m = ABSL_LINE.matcher(line);
    if (!m.find()) {
      m = TSL_LINE.matcher(line);
      if (!m.find()) {
        return -1;
      }
    }
    return "IWEF".indexOf(m.group(1).charAt(0));
  }

  /** How TensorFlow's multi-line messages go on: "To enable the following instructions: ...", "\t [[node]]". */
  private static boolean looksLikeContinuation(String line) {
    return line.startsWith("To enable the following instructions") || line.startsWith("\t");
  }

  private static void runCapturingStderr(Libc libc, int level, Runnable run) {
    Path capture;
    try {
      capture = Files.createTempFile("jkeras-tf-start", ".log");
    } catch (IOException | RuntimeException e) {
      run.run();
      return;
    }
    System.out.flush();
    System.err.flush();
    int saved = libc.dup(STDERR);
    int fd = saved < 0 ? -1 : libc.open(capture.toString(), O_WRONLY);
    boolean redirected = fd >= 0 && libc.dup2(fd, STDERR) >= 0;
    try {
      run.run();
    } finally {
      if (redirected) {
        System.err.flush();
        libc.dup2(saved, STDERR);
      }
      if (fd >= 0) {
        libc.close(fd);
      }
      if (saved >= 0) {
        libc.close(saved);
      }
      if (redirected) {
        replay(capture, level);
      }
      try {
        Files.deleteIfExists(capture);
      } catch (IOException e) {
        capture.toFile().deleteOnExit();
      }
    }
  }

  private static void replay(Path capture, int level) {
    try {
      String kept = filter(new String(Files.readAllBytes(capture), StandardCharsets.UTF_8), level);
      if (!kept.isEmpty()) {
        System.err.print(kept);
        System.err.flush();
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not read TensorFlow's start-up messages back from " + capture
          + ": " + e);
    }
  }

  /** The few C library functions used here, through JNA; null where they are not available. */
  private static final class Libc {
    private final Function setenv;
    private final Function dup;
    private final Function dup2;
    private final Function open;
    private final Function close;

    private Libc(NativeLibrary c) {
      setenv = c.getFunction("setenv");
      dup = c.getFunction("dup");
      dup2 = c.getFunction("dup2");
      open = c.getFunction("open");
      close = c.getFunction("close");
    }

    static Libc load() {
      if (Platform.isWindows()) {
        return null;
      }
      try {
        return new Libc(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
      } catch (LinkageError | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "JNA unavailable; TensorFlow's log level is left to " + ENV, e);
        return null;
      }
    }

    boolean setenv(String name, String value) {
      return call(setenv, name, value, 1) == 0;
    }

    int dup(int fd) {
      return call(dup, fd);
    }

    int dup2(int from, int to) {
      return call(dup2, from, to);
    }

    int open(String path, int flags) {
      return call(open, path, flags);
    }

    void close(int fd) {
      call(close, fd);
    }

    private static int call(Function f, Object... args) {
      try {
        return f.invokeInt(args);
      } catch (LinkageError | RuntimeException e) {
        return -1;
      }
    }
  }
}
