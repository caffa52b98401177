package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import picocli.CommandLine.Command;

/** {@code jkeras functional-cnn}: the functional CNN seed program. */
@Command(name = "functional-cnn",
    header = "Build, compile, summarize and briefly train the functional CNN seed program.",
    mixinStandardHelpOptions = true,
    description = "Builds the functional CNN (Input(28,28,1) -> Conv2D/MaxPooling2D x2 -> Flatten -> Dense(64)"
        + " -> Dense(10)), compiles it (adam, sparse_categorical_crossentropy, accuracy) prints its summary and trains it briefly (the first --samples MNIST images).")
final class FunctionalCnnCommand extends SeedCommand {
  @Override
  Model build() {
    return SeedPrograms.functionalCnn();
  }

  @Override
  Compile compileArguments() {
    return SeedPrograms.cnnCompile();
  }

  @Override
  void train(Model model, java.io.PrintWriter out) throws Exception {
    BriefTraining.mnist(model, samples, epochs, out);
  }
}
