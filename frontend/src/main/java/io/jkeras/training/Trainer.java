package io.jkeras.training;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.Batch;
import io.jkeras.backend.CompileConfig;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.callbacks.CallbackList;
import io.jkeras.callbacks.History;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/**
 * The loop Keras 3's trainer runs, the same for any runtime: epochs, batches, validation, callbacks and the
 * progress bar around the runtime's step functions. {@link Model#fit}, {@link Model#evaluate} and
 * {@link Model#predict} call it; use those.
 */
public final class Trainer {
  private static final System.Logger LOG = System.getLogger(Trainer.class.getName());

  private Trainer() {}

  /** Keras' {@code fit} loop; returns the History. Data errors come before the runtime is created. */
  public static History fit(Model model, CompileConfig config, Supplier<ModelRuntime> runtime, Object x,
      Object y, Fit fit) {
    return fit(model, config, runtime, x, y, fit, Keras.nextSeed());
  }

  /** Keras' {@code fit} loop with the seed of its shuffling (and validation split order). */
  public static History fit(Model model, CompileConfig config, Supplier<ModelRuntime> runtime, Object x,
      Object y, Fit fit, long shuffleSeed) {
    Random rng = new Random(shuffleSeed);
    EpochIterator.Source train;
    EpochIterator.Source val = null;
    int valBatch = fit.validationBatchSize() != null ? fit.validationBatchSize() : fit.batchSize();
    if (x instanceof Batches b) {
      if (y != null) {
        throw new IllegalArgumentException(
            "fit: y must be null when x is Batches: the batches carry the targets");
      }
      if (fit.validationSplit() > 0 && !fit.hasValidationData()) {
        throw new IllegalArgumentException("fit: validation_split is only supported for arrays, not for"
            + " Batches; give validationData(...) instead");
      }
      train = EpochIterator.batches(b, item -> DataAdapter.adapt("fit", model, config, item.x(), item.y(),
          item.sampleWeight(), fit.classWeight(), true).toBatch());
    } else {
      ArrayData data = DataAdapter.adapt("fit", model, config, x, y, fit.sampleWeight(), fit.classWeight(),
          true);
      if (fit.validationSplit() > 0 && !fit.hasValidationData()) {
        // Keras takes the LAST fraction, before any shuffling.
        long n = data.size;
        long splitAt = (long) Math.floor(n * (1.0 - fit.validationSplit()));
        if (splitAt == 0 || splitAt == n) {
          throw new IllegalArgumentException("fit: training data contains " + n + " samples, which is not"
              + " sufficient to split it into a validation and training set as specified by"
              + " validation_split=" + fit.validationSplit() + ". Either provide more data, or a different"
              + " value for validation_split.");
        }
        val = EpochIterator.arrays(data.slice(splitAt, n), valBatch, false, rng);
        data = data.slice(0, splitAt);
      }
      train = EpochIterator.arrays(data, fit.batchSize(), fit.shuffle(), rng);
    }
    if (fit.hasValidationData()) {
      val = source("fit: validation_data", model, config, fit.validationX(), fit.validationY(),
          fit.validationSampleWeight(), valBatch, true);
    }
    EpochIterator epochs = new EpochIterator(train, fit.stepsPerEpoch());
    EpochIterator valEpochs = val == null ? null : new EpochIterator(val, fit.validationSteps());
    ModelRuntime rt = runtime.get();

    CallbackList callbacks = new CallbackList(fit.callbacks(), true, fit.verbose() != 0,
        params(fit.verbose(), fit.epochs(), epochs.steps()), model);
    model.stopTraining(false);
    callbacks.onTrainBegin(new LinkedHashMap<>());
    Map<String, Double> trainingLogs = null;
    Map<String, Double> logs = Map.of();
    boolean interrupted = false;
    boolean nanLoss = false;
    for (int epoch = fit.initialEpoch(); epoch < fit.epochs(); epoch++) {
      rt.resetMetrics();
      callbacks.onEpochBegin(epoch, new LinkedHashMap<>());
      int step = 0;
      for (Iterator<Batch> it = epochs.epoch(); it.hasNext(); step++) {
        Batch batch = it.next();
        callbacks.onTrainBatchBegin(step, new LinkedHashMap<>());
        logs = rt.trainStep(batch);
        callbacks.onTrainBatchEnd(step, new LinkedHashMap<>(logs));
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
          // As Keras' TerminateOnNaN: nothing sensible can follow a NaN/Inf loss, so stop with a clear message.
          LOG.log(System.Logger.Level.WARNING, "Model ''{0}'', epoch {1}, batch {2}: invalid loss ({3}),"
              + " terminating training. Lower the learning rate, normalize the inputs, or check the data"
              + " for NaN/Inf values.", model.name(), epoch + 1, step, loss);
          nanLoss = true;
          model.stopTraining(true);
        }
        // An interrupt ends training after the step that is running, like stop_training, without validation;
        // the flag stays set for the caller to see.
        if (Thread.currentThread().isInterrupted()) {
          interrupted = true;
          model.stopTraining(true);
        }
        if (model.stopTraining()) {
          break;
        }
      }
      Map<String, Double> epochLogs = new LinkedHashMap<>(logs);
      if (!interrupted && !nanLoss && valEpochs != null && (epoch + 1) % fit.validationFreq() == 0) {
        Map<String, Double> valLogs = testLoop(rt, valEpochs, callbacks);
        if (Thread.currentThread().isInterrupted()) {
          // Interrupted during validation: its metrics cover part of the data only, so they are left out
          // (EarlyStopping, ModelCheckpoint would act on them), and training stops as for any interrupt.
          interrupted = true;
          model.stopTraining(true);
        } else {
          valLogs.forEach((k, v) -> epochLogs.put("val_" + k, v));
        }
      }
      callbacks.onEpochEnd(epoch, epochLogs);
      trainingLogs = epochLogs;
      if (model.stopTraining()) {
        break;
      }
    }
    callbacks.onTrainEnd(trainingLogs);
    return callbacks.history();
  }

  /** Keras' {@code evaluate}: the metrics over the data, by name ({@code return_dict=True}). */
  public static Map<String, Double> evaluate(Model model, CompileConfig config, Supplier<ModelRuntime> runtime,
      Object x, Object y, Evaluate opts) {
    EpochIterator.Source src = source("evaluate", model, config, x, y, opts.sampleWeight(), opts.batchSize(),
        true);
    EpochIterator it = new EpochIterator(src, opts.steps());
    ModelRuntime rt = runtime.get();
    CallbackList callbacks = new CallbackList(opts.callbacks(), false, opts.verbose() != 0,
        params(opts.verbose(), 1, it.steps()), model);
    Map<String, Double> logs = testLoop(rt, it, callbacks);
    if (Thread.currentThread().isInterrupted()) {
      // fit returns normally when interrupted (its History says how far it got); metrics over part of the data
      // look complete, so evaluate refuses to return them. The flag stays set.
      throw new CancellationException("evaluate was interrupted; it stopped after the batch in progress and"
          + " returns no metrics, as they would cover part of the data only (the thread's interrupt flag is"
          + " still set)");
    }
    return logs;
  }

  /** Keras' {@code predict}: one array per output, all batches concatenated. */
  public static List<FloatNdArray> predict(Model model, Supplier<ModelRuntime> runtime, Object x,
      Predict opts) {
    EpochIterator.Source src = source("predict", model, null, x, null, null, opts.batchSize(), false);
    EpochIterator it = new EpochIterator(src, opts.steps());
    ModelRuntime rt = runtime.get();
    CallbackList callbacks = new CallbackList(opts.callbacks(), false, opts.verbose() != 0,
        params(opts.verbose(), 1, it.steps()), model);
    callbacks.onPredictBegin(new LinkedHashMap<>());
    List<List<FloatNdArray>> parts = new ArrayList<>();
    int step = 0;
    for (Iterator<Batch> batches = it.epoch(); batches.hasNext(); step++) {
      Batch b = batches.next();
      callbacks.onPredictBatchBegin(step, new LinkedHashMap<>());
      parts.add(rt.predictStep(Batch.ofInputs(b.inputs())));
      callbacks.onPredictBatchEnd(step, new LinkedHashMap<>());
      if (Thread.currentThread().isInterrupted()) {
        break; // as fit: stop after the batch in progress, flag left set
      }
    }
    callbacks.onPredictEnd(new LinkedHashMap<>());
    if (Thread.currentThread().isInterrupted()) {
      // Fewer rows than x would be easy to take for a complete result, so an interrupted predict throws.
      throw new CancellationException("predict was interrupted after " + (step + 1) + " of its batches; it returns"
          + " no partial predictions (the thread's interrupt flag is still set)");
    }
    return concatenate(parts, model.outputNames().size());
  }

  /** Keras' {@code train_on_batch}: metrics reset, one step, its logs. */
  public static Map<String, Double> trainOnBatch(Model model, CompileConfig config,
      Supplier<ModelRuntime> runtime, Object x, Object y, Object sampleWeight, Map<Integer, Double> classWeight) {
    Batch b = DataAdapter.adapt("train_on_batch", model, config, x, y, sampleWeight, classWeight, true)
        .toBatch();
    ModelRuntime rt = runtime.get();
    rt.resetMetrics();
    return new LinkedHashMap<>(rt.trainStep(b));
  }

  /** Keras' {@code test_on_batch}: metrics reset, one test step, its logs. */
  public static Map<String, Double> testOnBatch(Model model, CompileConfig config,
      Supplier<ModelRuntime> runtime, Object x, Object y, Object sampleWeight) {
    Batch b = DataAdapter.adapt("test_on_batch", model, config, x, y, sampleWeight, null, true).toBatch();
    ModelRuntime rt = runtime.get();
    rt.resetMetrics();
    return new LinkedHashMap<>(rt.testStep(b));
  }

  /** Keras' {@code predict_on_batch}: one forward pass, one array per output. */
  public static List<FloatNdArray> predictOnBatch(Model model, Supplier<ModelRuntime> runtime, Object x) {
    Batch b = DataAdapter.adapt("predict_on_batch", model, null, x, null, null, null, false).toBatch();
    return runtime.get().predictStep(Batch.ofInputs(b.inputs()));
  }

  private static Map<String, Double> testLoop(ModelRuntime rt, EpochIterator it, CallbackList callbacks) {
    callbacks.onTestBegin(new LinkedHashMap<>());
    rt.resetMetrics();
    Map<String, Double> logs = Map.of();
    int step = 0;
    for (Iterator<Batch> batches = it.epoch(); batches.hasNext(); step++) {
      Batch b = batches.next();
      callbacks.onTestBatchBegin(step, new LinkedHashMap<>());
      logs = rt.testStep(b);
      callbacks.onTestBatchEnd(step, new LinkedHashMap<>(logs));
      if (Thread.currentThread().isInterrupted()) {
        break; // as fit: stop after the batch in progress, flag left set; the metrics cover the batches done
      }
    }
    Map<String, Double> result = new LinkedHashMap<>(logs);
    callbacks.onTestEnd(new LinkedHashMap<>(result));
    return result;
  }

  private static EpochIterator.Source source(String method, Model model, CompileConfig config, Object x,
      Object y, Object sampleWeight, int batchSize, boolean withTargets) {
    if (x instanceof Batches b) {
      if (y != null) {
        throw new IllegalArgumentException(
            method + ": y must be null when x is Batches: the batches carry the targets");
      }
      return EpochIterator.batches(b, item -> DataAdapter.adapt(method, model, config, item.x(),
          withTargets ? item.y() : null, item.sampleWeight(), null, withTargets).toBatch());
    }
    ArrayData data = DataAdapter.adapt(method, model, config, x, y, sampleWeight, null, withTargets);
    return EpochIterator.arrays(data, batchSize, false, null);
  }

  private static Map<String, Object> params(int verbose, int epochs, OptionalLong steps) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("verbose", verbose);
    p.put("epochs", epochs);
    p.put("steps", steps.isPresent() ? steps.getAsLong() : null);
    return p;
  }

  private static List<FloatNdArray> concatenate(List<List<FloatNdArray>> parts, int outputs) {
    List<FloatNdArray> out = new ArrayList<>();
    if (parts.isEmpty()) {
      throw new IllegalStateException("predict: the data gave no batches");
    }
    for (int o = 0; o < outputs; o++) {
      if (parts.size() == 1) {
        out.add(parts.get(0).get(o));
        continue;
      }
      long n = 0;
      for (List<FloatNdArray> p : parts) {
        n += p.get(o).shape().get(0);
      }
      long[] dims = parts.get(0).get(o).shape().asArray().clone();
      dims[0] = n;
      FloatNdArray all = NdArrays.ofFloats(Shape.of(dims));
      long at = 0;
      for (List<FloatNdArray> p : parts) {
        FloatNdArray part = p.get(o);
        long len = part.shape().get(0);
        part.copyTo(all.slice(Indices.slice(at, at + len)));
        at += len;
      }
      out.add(all);
    }
    return out;
  }
}
