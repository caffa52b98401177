package io.jkeras.tf;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jkeras.data.Dataset;
import io.jkeras.training.Batches;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * TFRecord files and {@code tf.train.Example} records, the format TensorFlow users keep data in: {@link
 * #records} is {@code tf.data.TFRecordDataset} (one raw record per element, read as the dataset is iterated,
 * each record's length and data checked against their masked CRC-32C), {@link #examples} adds {@code
 * tf.io.parse_single_example} with fixed-length features. The {@code Example} protocol buffer classes ship with
 * TensorFlow Java ({@code org.tensorflow.proto}), which is why this reader lives in the TF runtime.
 *
 * <pre>{@code
 * Dataset ds = TfRecordDataset.examples(List.of(Path.of("train.tfrecord")), Map.of(
 *     "pixels", TfRecordDataset.fixedLen(DType.FLOAT32, 784),
 *     "label", TfRecordDataset.fixedLen(DType.INT64)))
 *   .map(e -> { var f = (Map<?, ?>) e.x(); return Batches.Item.of(f.get("pixels"), f.get("label")); })
 *   .batch(64);
 * }</pre>
 */
public final class TfRecordDataset {
  private TfRecordDataset() {}

  /** A fixed-length feature ({@code tf.io.FixedLenFeature(shape, dtype)}): float32, int64 or string. */
  public record FixedLen(io.jkeras.DType dtype, long[] shape) {
    public FixedLen {
      if (dtype != io.jkeras.DType.FLOAT32 && dtype != io.jkeras.DType.INT64 && dtype != io.jkeras.DType.STRING) {
        throw new IllegalArgumentException("FixedLenFeature dtype must be float32, int64 or string, got " + dtype);
      }
      shape = shape.clone();
    }

    long size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /** {@code tf.io.FixedLenFeature(shape, dtype)}; no shape for a scalar. */
  public static FixedLen fixedLen(io.jkeras.DType dtype, long... shape) {
    return new FixedLen(dtype, shape);
  }

  /** The raw records of {@code files}, in order, read lazily ({@code tf.data.TFRecordDataset}). */
  public static Dataset records(List<Path> files) {
    List<Path> copy = List.copyOf(files);
    for (Path f : copy) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("TFRecordDataset: " + f + " is not a file");
      }
    }
    return Dataset.fromGenerator(() -> new RecordIterator(copy), Dataset.UNKNOWN);
  }

  /**
   * Records parsed as {@code tf.train.Example} into a map by feature name: float32 features as {@code
   * FloatNdArray}, int64 as {@code LongNdArray}, of the given shape; a scalar string feature as a {@code String}
   * (UTF-8), a string feature with a shape as an {@code NdArray<byte[]>}.
   */
  public static Dataset examples(List<Path> files, Map<String, FixedLen> features) {
    Map<String, FixedLen> spec = new LinkedHashMap<>(features);
    long[] index = {0};
    return records(files).map(e -> {
      byte[] raw = (byte[]) e.x();
      return Batches.Item.of(parse(raw, spec, "record " + index[0]++));
    });
  }

  /** One serialized Example parsed with {@code spec} ({@code tf.io.parse_single_example}). */
  public static Map<String, Object> parse(byte[] serialized, Map<String, FixedLen> spec, String where) {
    Example example;
    try {
      example = Example.parseFrom(serialized);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("tf.train.Example: " + where + " is not an Example: " + e.getMessage(), e);
    }
    Map<String, Feature> all = example.getFeatures().getFeatureMap();
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, FixedLen> s : spec.entrySet()) {
      String name = s.getKey();
      FixedLen f = s.getValue();
      Feature feature = all.get(name);
      if (feature == null) {
        throw new IllegalArgumentException("tf.train.Example: " + where + " has no feature '" + name + "'; it has "
            + all.keySet());
      }
      Shape shape = Shape.of(f.shape());
      switch (f.dtype()) {
        case FLOAT32 -> {
          List<Float> v = feature.getFloatList().getValueList();
          check(where, name, v.size(), f, feature.getKindCase() == Feature.KindCase.FLOAT_LIST);
          float[] a = new float[v.size()];
          for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
          }
          out.put(name, NdArrays.wrap(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false)));
        }
        case INT64 -> {
          List<Long> v = feature.getInt64List().getValueList();
          check(where, name, v.size(), f, feature.getKindCase() == Feature.KindCase.INT64_LIST);
          long[] a = new long[v.size()];
          for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
          }
          out.put(name, NdArrays.wrap(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false)));
        }
        default -> {
          var v = feature.getBytesList().getValueList();
          check(where, name, v.size(), f, feature.getKindCase() == Feature.KindCase.BYTES_LIST);
          if (f.shape().length == 0) {
            out.put(name, v.get(0).toString(StandardCharsets.UTF_8));
          } else {
            NdArray<byte[]> a = NdArrays.ofObjects(byte[].class, shape);
            int i = 0;
            for (NdArray<byte[]> e : a.scalars()) {
              e.setObject(v.get(i++).toByteArray());
            }
            out.put(name, a);
          }
        }
      }
    }
    return out;
  }

  private static void check(String where, String name, int n, FixedLen f, boolean kind) {
    if (!kind) {
      throw new IllegalArgumentException("tf.train.Example: " + where + ", feature '" + name + "' is not a "
          + f.dtype().kerasName() + " list");
    }
    if (n != f.size()) {
      throw new IllegalArgumentException("tf.train.Example: " + where + ", feature '" + name + "' has " + n
          + " values; its FixedLenFeature shape " + java.util.Arrays.toString(f.shape()) + " needs " + f.size());
    }
  }

  /** TFRecord's mask of a CRC-32C: rotated right by 15 bits plus a constant. */
  static int masked(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  /** Reads records file after file: length (uint64 LE), its masked CRC, the data, the data's masked CRC. */
  private static final class RecordIterator implements Iterator<Batches.Item> {
    private final Iterator<Path> files;
    private Path file;
    private InputStream in;
    private long offset;
    private byte[] next;

    RecordIterator(List<Path> files) {
      this.files = files.iterator();
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null) {
          if (in == null) {
            if (!files.hasNext()) {
              return false;
            }
            file = files.next();
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            offset = 0;
          }
          next = readRecord();
          if (next == null) {
            in.close();
            in = null;
          }
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("TFRecordDataset: cannot read " + file, e);
      }
    }

    private byte[] readRecord() throws IOException {
      byte[] header = new byte[12];
      int got = in.readNBytes(header, 0, 12);
      if (got == 0) {
        return null;
      }
      if (got < 12) {
        throw corrupt("the file ends inside a record header");
      }
      long length = ByteBuffer.wrap(header, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      int lengthCrc = ByteBuffer.wrap(header, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (masked(header, 0, 8) != lengthCrc) {
        throw corrupt("the record length's checksum does not match (not a TFRecord file, or a damaged one)");
      }
      if (length < 0 || length > Integer.MAX_VALUE - 8) {
        throw corrupt("a record of " + length + " bytes is too large");
      }
      byte[] data = new byte[(int) length];
      if (in.readNBytes(data, 0, data.length) < data.length) {
        throw corrupt("the file ends inside a record of " + length + " bytes");
      }
      byte[] footer = new byte[4];
      if (in.readNBytes(footer, 0, 4) < 4) {
        throw corrupt("the file ends before the record's checksum");
      }
      if (masked(data, 0, data.length) != ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt()) {
        throw corrupt("the record's data checksum does not match (a damaged file)");
      }
      offset += 16 + length;
      return data;
    }

    private IllegalArgumentException corrupt(String what) {
      return new IllegalArgumentException("TFRecordDataset: " + file + " at byte " + offset + ": " + what);
    }

    @Override
    public Batches.Item next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      byte[] r = next;
      next = null;
      return Batches.Item.of(r);
    }
  }
}
