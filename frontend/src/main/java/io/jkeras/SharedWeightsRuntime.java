package io.jkeras;

import io.jkeras.backend.Batch;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.backend.SummaryWriter;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * A model's runtime, kept in step with the other models that share its layers.
 *
 * <p>In Keras a layer's variables are single objects: train a VAE and its {@code decoder} sub-model predicts with
 * the trained weights; train a GAN's combined model and the discriminator model sees the generator's new weights.
 * jkeras gives each model its own TensorFlow session, so the same {@link Variable} lives in several runtimes. This
 * wrapper keeps them one variable as Keras users expect: a registry records, per variable, which runtime holds its
 * newest value (a version bumped by every training step or {@code setWeights}); before a step, a runtime copies
 * the variables it holds an older version of from the runtime holding the newest. Copies happen only when the
 * user switches between models, and a model whose variables no other model uses pays nothing. A runtime closed
 * while holding the newest value of a shared variable leaves the value in the registry.
 */
final class SharedWeightsRuntime implements ModelRuntime {

  /** Who holds the newest value of one variable, and which version it is. */
  private static final class Entry {
    long version;
    WeakReference<SharedWeightsRuntime> holder;
    /** The newest value once its holder was closed. */
    float[] detached;
    int users;

    boolean hasValue() {
      SharedWeightsRuntime h = holder == null ? null : holder.get();
      return (h != null && !h.closed) || detached != null;
    }
  }

  private static final Object LOCK = new Object();
  private static final Map<Variable, Entry> NEWEST = new WeakHashMap<>();
  private static long nextVersion = 1;
  /** Bumped whenever a variable gains or loses a user: a runtime then re-checks whether it shares any. */
  private static long usersEpoch;

  private final Model model;
  private final ModelRuntime delegate;
  private final List<Variable> variables;
  private final Map<String, Variable> byPath = new LinkedHashMap<>();
  private final Map<Variable, Long> held = new IdentityHashMap<>();
  private long sharedCheckedAt = -1;
  private boolean shared;
  private boolean closed;

  /**
   * Wraps a new runtime of {@code model}; {@code assigned} are the paths of the weights just set into it (loaded
   * or given before the runtime existed), which become the newest values.
   */
  SharedWeightsRuntime(Model model, ModelRuntime delegate, java.util.Set<String> assigned) {
    this.model = model;
    this.delegate = delegate;
    this.variables = List.copyOf(model.weights());
    for (Variable v : variables) {
      byPath.put(v.path(), v);
    }
    synchronized (LOCK) {
      for (Variable v : variables) {
        Entry e = NEWEST.get(v);
        if (e == null || assigned.contains(v.path()) || !e.hasValue()) {
          // First runtime of this variable (its initial value is the variable's), or a value given for it.
          if (e == null) {
            e = new Entry();
            NEWEST.put(v, e);
          }
          claim(v, e);
        }
        e.users++;
      }
      usersEpoch++;
    }
  }

  /** The runtime this one wraps. */
  ModelRuntime delegate() {
    return delegate;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
  }

  @Override
  public Map<String, Double> trainStep(Batch batch) {
    refresh();
    Map<String, Double> logs = delegate.trainStep(batch);
    written(variables);
    return logs;
  }

  @Override
  public Map<String, Double> testStep(Batch batch) {
    refresh();
    return delegate.testStep(batch);
  }

  @Override
  public List<FloatNdArray> predictStep(Batch batch) {
    refresh();
    return delegate.predictStep(batch);
  }

  @Override
  public void resetMetrics() {
    delegate.resetMetrics();
  }

  @Override
  public Map<String, float[]> getWeights() {
    refresh();
    return delegate.getWeights();
  }

  @Override
  public void setWeights(Map<String, float[]> weights) {
    refresh();
    delegate.setWeights(weights);
    List<Variable> set = new ArrayList<>();
    for (String path : weights.keySet()) {
      Variable v = byPath.get(path);
      if (v != null) {
        set.add(v);
      }
    }
    written(set);
  }

  @Override
  public double learningRate() {
    return delegate.learningRate();
  }

  @Override
  public void setLearningRate(double learningRate) {
    delegate.setLearningRate(learningRate);
  }

  @Override
  public long iterations() {
    return delegate.iterations();
  }

  @Override
  public void setIterations(long iterations) {
    delegate.setIterations(iterations);
  }

  @Override
  public Map<String, float[]> getOptimizerState() {
    return delegate.getOptimizerState();
  }

  @Override
  public void setOptimizerState(Map<String, float[]> state) {
    delegate.setOptimizerState(state);
  }

  @Override
  public void exportSavedModel(Path dir) throws java.io.IOException {
    refresh();
    delegate.exportSavedModel(dir);
  }

  @Override
  public SummaryWriter createSummaryWriter(Path dir) {
    return delegate.createSummaryWriter(dir);
  }

  @Override
  public void close() {
    synchronized (LOCK) {
      if (closed) {
        return;
      }
      closed = true;
      Map<String, float[]> values = null;
      for (Variable v : variables) {
        Entry e = NEWEST.get(v);
        if (e == null) {
          continue;
        }
        e.users--;
        if (e.holder != null && e.holder.get() == this) {
          e.holder = null;
          if (e.users > 0) {
            // Another model uses this variable and this runtime has its newest value: keep the value.
            if (values == null) {
              values = safeWeights();
            }
            e.detached = values == null ? null : values.get(v.path());
          }
        }
      }
      usersEpoch++;
    }
    delegate.close();
  }

  private Map<String, float[]> safeWeights() {
    try {
      return delegate.getWeights();
    } catch (RuntimeException e) {
      return null; // a broken runtime: the other models keep the values they have
    }
  }

  /** Copies into this runtime the shared variables whose newest value another runtime (or the registry) holds. */
  private void refresh() {
    synchronized (LOCK) {
      if (!sharesVariables()) {
        return;
      }
      Map<SharedWeightsRuntime, List<Variable>> fromRuntime = new IdentityHashMap<>();
      Map<String, float[]> values = new LinkedHashMap<>();
      List<Variable> copied = new ArrayList<>();
      for (Variable v : variables) {
        Entry e = NEWEST.get(v);
        Long mine = held.get(v);
        if (e == null || (mine != null && mine == e.version)) {
          continue;
        }
        SharedWeightsRuntime holder = e.holder == null ? null : e.holder.get();
        if (holder != null && holder != this && !holder.closed) {
          fromRuntime.computeIfAbsent(holder, h -> new ArrayList<>()).add(v);
        } else if (e.detached != null) {
          values.put(v.path(), e.detached);
          copied.add(v);
        } else {
          claim(v, e); // the newest value is gone (its model was collected unclosed): this one's stands
        }
      }
      for (Map.Entry<SharedWeightsRuntime, List<Variable>> h : fromRuntime.entrySet()) {
        Map<String, float[]> theirs = h.getKey().delegate.getWeights();
        for (Variable v : h.getValue()) {
          values.put(v.path(), theirs.get(v.path()));
          copied.add(v);
        }
      }
      if (!values.isEmpty()) {
        delegate.setWeights(values);
        for (Variable v : copied) {
          held.put(v, NEWEST.get(v).version);
        }
      }
    }
  }

  private boolean sharesVariables() {
    if (sharedCheckedAt != usersEpoch) {
      shared = false;
      for (Variable v : variables) {
        Entry e = NEWEST.get(v);
        shared |= e != null && e.users > 1;
      }
      sharedCheckedAt = usersEpoch;
    }
    return shared;
  }

  /** This runtime now holds the newest value of {@code written}. */
  private void written(List<Variable> written) {
    synchronized (LOCK) {
      if (!sharesVariables()) {
        return; // nobody else reads them; a model that starts sharing later copies from this holder
      }
      for (Variable v : written) {
        Entry e = NEWEST.get(v);
        if (e != null) {
          claim(v, e);
        }
      }
    }
  }

  private void claim(Variable v, Entry e) {
    e.version = nextVersion++;
    e.holder = new WeakReference<>(this);
    e.detached = null;
    held.put(v, e.version);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
