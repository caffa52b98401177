package io.jkeras.tf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * One graph value that batches of several element types can feed without any conversion in Java: a chain of
 * placeholders with defaults, {@code a -> cast -> b -> cast -> ... -> wanted}. A batch is fed at the link of
 * its own type and cast on from there by TF (uint8 images into a float32 input, int32 labels where int64 or
 * float32 is wanted). The chain orders the types so that the casts lose nothing that matters: integers pass
 * through wider integers before floats, floats through float32 before integers.
 */
final class FeedChain {
  private final Map<Class<? extends TType>, Operand<?>> points = new LinkedHashMap<>();
  private final Operand<?> value;

  /**
   * @param tf the scope of the chain's ops
   * @param name the name of the last link (the value the graph uses)
   * @param wanted the type of that value
   * @param shape the shape every link declares
   */
  FeedChain(Ops tf, String name, Class<? extends TType> wanted, Shape shape) {
    if (wanted == org.tensorflow.types.TString.class) {
      // strings cast to nothing else: one placeholder
      Operand<?> p = tf.withName(name).placeholder(wanted, Placeholder.shape(shape));
      points.put(wanted, p);
      this.value = p;
      return;
    }
    List<Class<? extends TType>> order = new ArrayList<>(isFloat(wanted)
        ? List.of(TUint8.class, TInt32.class, TInt64.class, TFloat64.class, TFloat32.class)
        : List.of(TUint8.class, TFloat64.class, TFloat32.class, TInt64.class, TInt32.class));
    order.remove(wanted);
    order.add(wanted);
    Operand<?> prev = tf.withName(name + "_" + TfTensors.typeName(order.get(0)))
        .placeholder(order.get(0), Placeholder.shape(shape));
    points.put(order.get(0), prev);
    for (int i = 1; i < order.size(); i++) {
      Class<? extends TType> type = order.get(i);
      String linkName = i == order.size() - 1 ? name : name + "_" + TfTensors.typeName(type);
      prev = tf.withName(linkName).placeholderWithDefault(castTo(tf, prev, type), shape);
      points.put(type, prev);
    }
    this.value = prev;
  }

  private static boolean isFloat(Class<? extends TType> type) {
    return type == TFloat32.class || type == TFloat64.class;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Operand castTo(Ops tf, Operand<?> x, Class<? extends TType> type) {
    return tf.dtypes.cast(x, (Class) type);
  }

  /** The value the graph computes with, of the wanted type. */
  Operand<?> value() {
    return value;
  }

  /** Where a batch of {@code type} is fed; {@code null} for a type the chain does not take. */
  Operand<?> feedPoint(Class<? extends TType> type) {
    return points.get(type);
  }
}
