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

/** A seed program: builds the model, compiles it with the program's arguments and prints its summary. */
abstract class SeedCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Also draw the layer graph (like Keras' plot_model) to FILE (.png, .svg, .pdf or .dot);"
          + " images need Graphviz' dot on the PATH, else only the .dot file is written.")
  Path plot;

  abstract Model build();

  abstract Compile compileArguments();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Model model = build();
    main.api().compile(model, this::compileArguments);
    out.print(model.summaryString());
    if (plot != null) {
      out.println(ModelPlotter.plot(model, plot).message());
    }
    out.flush();
    return 0;
  }
}
