package io.jkeras.samples;

import io.jkeras.samples.mnist.MnistCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The launcher of the executable jar: {@code java -jar samples/target/jkeras-samples.jar <command> [options]}.
 *
 * <pre>{@code
 * java -jar samples/target/jkeras-samples.jar mnist --epochs 1 --threads 2
 * java -jar samples/target/jkeras-samples.jar multimodal --plot multimodal.png
 * java -jar samples/target/jkeras-samples.jar resnet-mini --epochs 3 --seed 1
 * java -jar samples/target/jkeras-samples.jar custom-layer --epochs 3
 * java -jar samples/target/jkeras-samples.jar vae --epochs 2 --output target/vae
 * java -jar samples/target/jkeras-samples.jar mnist --help
 * }</pre>
 *
 * <p>Exit status: 0 done, 1 the job failed (one line on standard error; the stack trace too for a bug, or
 * always with {@code -Djkeras.debug=true}), 2 bad command line (one line on standard error).
 *
 * <p>The command line is parsed by picocli: it is widely used and kept up to date, has no dependencies, and
 * gives subcommands, {@code --help} generated from the options, typed values with clear messages and exit
 * status 2 for usage errors, which a small hand-written parser would have to repeat.
 */
@Command(name = "jkeras", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Runs the jkeras samples and the main job.",
    subcommands = {
        MnistCommand.class,
        io.jkeras.samples.mnist.WorkerCommand.class,
        FunctionalCnnCommand.class,
        SequentialCnnCommand.class,
        MultimodalCommand.class,
        BenchCommand.class,
        ResNetMiniCommand.class,
        MnistLstmCommand.class,
        TransformerBlockCommand.class,
        CustomLayerCommand.class,
        VaeCommand.class})
public final class Main implements Callable<Integer> {
  /** Exit status of a bad command line. */
  public static final int USAGE = 2;
  /** Exit status of a job that failed. */
  public static final int FAILED = 1;

  /** The training API the commands call; tests pass a fake instead. */
  static final TrainingApi DEFAULT_API = new KerasTrainingApi();

  private final TrainingApi api;
  @Spec CommandSpec spec;

  public Main() {
    this(DEFAULT_API);
  }

  public Main(TrainingApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /** The training API the commands use. */
  public TrainingApi api() {
    return api;
  }

  /** Without a command: the usage, and exit status 2. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("jkeras: a command is missing; one of " + spec.subcommands().keySet()
        + " (see 'jkeras --help')");
    return USAGE;
  }

  public static void main(String[] args) {
    // The summary draws boxes: use the terminal's charset, and UTF-8 when the output goes to a file or pipe.
    Charset cs = System.console() != null ? System.console().charset() : StandardCharsets.UTF_8;
    int status = run(args, new PrintWriter(System.out, true, cs), new PrintWriter(System.err, true, cs),
        DEFAULT_API);
    System.exit(status);
  }

  /** Parses and runs one command line; returns the exit status. In-process, for tests and embedding. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, TrainingApi api) {
    CommandLine cl = commandLine(api);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The command line with its error handling, not yet run. */
  public static CommandLine commandLine(TrainingApi api) {
    CommandLine cl = new CommandLine(new Main(api));
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(Main::failure);
    return cl;
  }

  /** A bad command line: one line naming the command and what is wrong. */
  private static int usageError(ParameterException e, String[] args) {
    String command = e.getCommandLine().getCommandSpec().qualifiedName(" ");
    PrintWriter err = e.getCommandLine().getErr();
    err.println(command + ": " + oneLine(e.getMessage()) + " (see '" + command + " --help')");
    err.flush();
    return USAGE;
  }

  /**
   * Bad input found while a job runs (a corrupt data file, an export directory that cannot be written): exit
   * status 2 like a bad command line, since the user's input is at fault, not the job.
   */
  public static final class BadInput extends RuntimeException {
    public BadInput(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A job that failed: its message on one line; the stack trace only for what looks like a bug. */
  private static int failure(Exception e, CommandLine cl, ParseResult parsed) {
    String command = cl.getCommandSpec().qualifiedName(" ");
    PrintWriter err = cl.getErr();
    if (e instanceof BadInput) {
      err.println(command + ": " + oneLine(String.valueOf(e.getMessage())));
      err.flush();
      return USAGE;
    }
    boolean expected = e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof IOException || e instanceof UncheckedIOException
        || e instanceof io.jkeras.distribute.DistributedTrainingException;
    if (!expected || Boolean.getBoolean("jkeras.debug")) {
      e.printStackTrace(err);
    }
    err.println(command + ": error: " + oneLine(String.valueOf(e.getMessage())));
    err.flush();
    return FAILED;
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jkeras " + (v == null ? "(development build)" : v)};
    }
  }
}
