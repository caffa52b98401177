package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import io.jkeras.utils.ModelPlotter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A seed program: builds the model, compiles it with the program's arguments, prints its summary, then trains
 * it briefly ({@code --epochs 0} stops after the summary).
 */
abstract class SeedCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
      description = "Epochs of the brief training after the summary, >= 0; 0 prints the summary only"
          + " (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", paramLabel = "N",
      description = "Training examples used, > 0 (default: 6,000 MNIST images for the CNNs, 256 generated"
          + " examples for the multimodal model).")
  Integer samples;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Also draw the layer graph (like Keras' plot_model) to FILE (.png, .svg, .pdf or .dot);"
          + " images need Graphviz' dot on the PATH, else only the .dot file is written.")
  Path plot;

  abstract Model build();

  abstract Compile compileArguments();

  /** Trains the compiled model briefly, printing Keras' progress bar and the results to {@code out}. */
  abstract void train(Model model, PrintWriter out) throws Exception;

  /** Training examples when {@code --samples} is not given. */
  int defaultSamples() {
    return 6000;
  }

  /** Where the layer graph is drawn when {@code --plot} is not given; {@code null} for nowhere. */
  Path defaultPlot() {
    return null;
  }

  @Override
  public Integer call() throws Exception {
    if (epochs < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--epochs must be >= 0, got " + epochs);
    }
    if (samples == null) {
      samples = defaultSamples();
    }
    if (samples < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--samples must be > 0, got " + samples);
    }
    PrintWriter out = spec.commandLine().getOut();
    Model model = build();
    main.api().compile(model, this::compileArguments);
    out.print(model.summaryString());
    Path drawTo = plot != null ? plot : defaultPlot();
    if (drawTo != null) {
      if (drawTo.toAbsolutePath().getParent() != null) {
        java.nio.file.Files.createDirectories(drawTo.toAbsolutePath().getParent());
      }
      out.println(ModelPlotter.plot(model, drawTo).message());
    }
    out.flush();
    if (epochs > 0) {
      train(model, out);
      out.flush();
    }
    return 0;
  }
}
