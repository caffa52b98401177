package io.jkeras.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The devices TensorFlow sees in this process (Python's {@code tf.config.list_physical_devices()}), read from a
 * throw-away session's device list: {@code /job:localhost/replica:0/task:0/device:CPU:0} always, and
 * {@code ...device:GPU:0} when the GPU build ({@code -Pgpu}) found a usable NVIDIA GPU (driver, CUDA 12,
 * cuDNN 9).
 *
 * <pre>{@code
 * TfDevices.list().forEach(d -> System.out.println(d.type() + " " + d.name()));
 * boolean onGpu = TfDevices.gpuAvailable();
 * }</pre>
 */
public final class TfDevices {
  /** One device: its full name, type ({@code CPU}, {@code GPU}) and memory in bytes (0 if not reported). */
  public record Device(String name, String type, long memoryBytes) {}

  private TfDevices() {}

  /** The devices a session of this process can use. */
  public static List<Device> list() {
    NativeLogging.configure();
    TensorFlow.version(); // loads the native library and registers TF Java's ops and kernels
    List<Device> out = new ArrayList<>();
    TF_Status status = TF_Status.newStatus();
    TF_Graph graph = TF_Graph.newGraph();
    TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
    try {
      TF_Session session = TF_NewSession(graph, options, status);
      status.throwExceptionIfNotOK();
      try {
        TF_DeviceList devices = TF_SessionListDevices(session, status);
        status.throwExceptionIfNotOK();
        try {
          for (int i = 0; i < TF_DeviceListCount(devices); i++) {
            String name = TF_DeviceListName(devices, i, status).getString();
            status.throwExceptionIfNotOK();
            String type = TF_DeviceListType(devices, i, status).getString();
            status.throwExceptionIfNotOK();
            long memory = TF_DeviceListMemoryBytes(devices, i, status);
            status.throwExceptionIfNotOK();
            out.add(new Device(name, type, memory));
          }
        } finally {
          TF_DeleteDeviceList(devices);
        }
      } finally {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
    } finally {
      options.delete();
      graph.delete();
      status.delete();
    }
    return out;
  }

  /** Whether TensorFlow sees at least one GPU. */
  public static boolean gpuAvailable() {
    return list().stream().anyMatch(d -> d.type().equals("GPU"));
  }
}
