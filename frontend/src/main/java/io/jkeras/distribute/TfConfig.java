package io.jkeras.distribute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster and this process' task in it, in TensorFlow's {@code TF_CONFIG} format, so that the TF_CONFIG a
 * Kubernetes training operator or a launcher sets works unchanged:
 *
 * <pre>{@code
 * {"cluster": {"chief": ["host0:2222"], "worker": ["host1:2222", "host2:2222"]},
 *  "task": {"type": "worker", "index": 0}}
 * }</pre>
 *
 * <p>The jobs a {@link MultiWorkerMirroredStrategy} trains on are {@code chief} (at most one task) and {@code
 * worker}; the chief, or else worker 0, writes the job's files. Each task runs TensorFlow's gRPC server on its
 * address' port.
 *
 * <pre>{@code
 * TfConfig config = TfConfig.fromEnvironment().orElseThrow();
 * System.out.println(config.taskType() + " " + config.taskIndex() + " of " + config.numTasks());
 * }</pre>
 *
 * @param cluster the job names and each job's task addresses ({@code host:port}), in TF_CONFIG's order
 * @param taskType this process' job
 * @param taskIndex this process' index in its job
 */
public record TfConfig(Map<String, List<String>> cluster, String taskType, int taskIndex) {
  /** The environment variable TensorFlow reads. */
  public static final String ENV = "TF_CONFIG";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks the cluster and the task; see {@link #parse}. */
  public TfConfig {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(taskType, "taskType");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    cluster.forEach((job, tasks) -> copy.put(job, List.copyOf(tasks)));
    cluster = java.util.Collections.unmodifiableMap(copy);
    check(cluster, taskType, taskIndex);
  }

  /**
   * The TF_CONFIG of this process' environment, or empty when the variable is unset or blank (one process,
   * as TensorFlow does).
   *
   * @throws IllegalArgumentException naming TF_CONFIG when it is set but malformed
   */
  public static Optional<TfConfig> fromEnvironment() {
    String value = System.getenv(ENV);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
  }

  /**
   * Reads TF_CONFIG's JSON.
   *
   * @throws IllegalArgumentException naming TF_CONFIG and the part that is wrong: not JSON, no {@code cluster}
   *     or {@code task}, a job that is not a list of {@code host:port} addresses, a task type that is not a job
   *     of the cluster, an index outside the job, a job this strategy cannot use ({@code ps})
   */
  public static TfConfig parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(Objects.requireNonNull(json, "TF_CONFIG"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("TF_CONFIG is not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ") in " + json, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("TF_CONFIG must be a JSON object {\"cluster\": {...}, \"task\": {...}},"
          + " got " + json);
    }
    JsonNode clusterNode = root.get("cluster");
    if (clusterNode == null || !clusterNode.isObject() || clusterNode.isEmpty()) {
      throw new IllegalArgumentException("TF_CONFIG has no \"cluster\" object of jobs (e.g. {\"worker\":"
          + " [\"host1:2222\", \"host2:2222\"]}): " + json);
    }
    Map<String, List<String>> cluster = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = clusterNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> job = it.next();
      if (!job.getValue().isArray()) {
        throw new IllegalArgumentException("TF_CONFIG: cluster job \"" + job.getKey() + "\" must be a list of"
            + " \"host:port\" addresses, got " + job.getValue());
      }
      List<String> tasks = new ArrayList<>();
      for (JsonNode t : job.getValue()) {
        if (!t.isTextual()) {
          throw new IllegalArgumentException("TF_CONFIG: cluster job \"" + job.getKey() + "\" must be a list of"
              + " \"host:port\" addresses, got " + t);
        }
        tasks.add(t.asText());
      }
      cluster.put(job.getKey(), tasks);
    }
    JsonNode task = root.get("task");
    if (task == null || !task.isObject()) {
      throw new IllegalArgumentException("TF_CONFIG has no \"task\" object ({\"type\": \"worker\", \"index\": 0})"
          + " saying which task of the cluster this process is: " + json);
    }
    JsonNode type = task.get("type");
    JsonNode index = task.get("index");
    if (type == null || !type.isTextual()) {
      throw new IllegalArgumentException("TF_CONFIG: task.type must be a job name of the cluster " + cluster.keySet()
          + ", got " + type);
    }
    if (index != null && !index.canConvertToInt()) {
      throw new IllegalArgumentException("TF_CONFIG: task.index must be an integer, got " + index);
    }
    JsonNode rpc = root.get("rpc_layer");
    if (rpc != null && !"grpc".equals(rpc.asText())) {
      throw new IllegalArgumentException("TF_CONFIG: rpc_layer \"" + rpc.asText() + "\" is not supported; TensorFlow's"
          + " server speaks \"grpc\"");
    }
    return new TfConfig(cluster, type.asText(), index == null ? 0 : index.asInt());
  }

  private static void check(Map<String, List<String>> cluster, String taskType, int taskIndex) {
    if (cluster.isEmpty()) {
      throw new IllegalArgumentException("TF_CONFIG: the cluster has no jobs");
    }
    for (Map.Entry<String, List<String>> job : cluster.entrySet()) {
      String name = job.getKey();
      if (name.equals("ps")) {
        throw new IllegalArgumentException("TF_CONFIG: the cluster has a \"ps\" job; parameter servers"
            + " (ParameterServerStrategy) are not supported, MultiWorkerMirroredStrategy takes \"chief\" and"
            + " \"worker\" jobs");
      }
      if (!name.equals("chief") && !name.equals("worker")) {
        throw new IllegalArgumentException("TF_CONFIG: cluster job \"" + name + "\" is not one of \"chief\","
            + " \"worker\" (an \"evaluator\" runs outside the cluster)");
      }
      if (job.getValue().isEmpty()) {
        throw new IllegalArgumentException("TF_CONFIG: cluster job \"" + name + "\" has no tasks");
      }
      if (name.equals("chief") && job.getValue().size() > 1) {
        throw new IllegalArgumentException("TF_CONFIG: the \"chief\" job has " + job.getValue().size()
            + " tasks; it may have one");
      }
      for (String address : job.getValue()) {
        checkAddress(name, address);
      }
    }
    List<String> tasks = cluster.get(taskType);
    if (tasks == null) {
      throw new IllegalArgumentException("TF_CONFIG: task.type \"" + taskType + "\" is not a job of the cluster "
          + cluster.keySet());
    }
    if (taskIndex < 0 || taskIndex >= tasks.size()) {
      throw new IllegalArgumentException("TF_CONFIG: task.index " + taskIndex + " is outside the cluster: job \""
          + taskType + "\" has " + tasks.size() + " task" + (tasks.size() == 1 ? "" : "s") + " (index 0 to "
          + (tasks.size() - 1) + ")");
    }
  }

  private static void checkAddress(String job, String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? "" : address.substring(0, colon);
    int port = -1;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("TF_CONFIG: address \"" + address + "\" of job \"" + job + "\" is not"
          + " host:port with a port from 1 to 65535");
    }
  }

  /** One task of the cluster: its job, index and {@code host:port}. */
  public record Task(String job, int index, String address) {
    /** TensorFlow's name of the task, e.g. {@code /job:worker/replica:0/task:1}. */
    public String deviceName() {
      return "/job:" + job + "/replica:0/task:" + index;
    }
  }

  /** Every task that trains, in replica order: the chief first, then the workers. */
  public List<Task> tasks() {
    List<Task> out = new ArrayList<>();
    for (String job : List.of("chief", "worker")) {
      List<String> addresses = cluster.getOrDefault(job, List.of());
      for (int i = 0; i < addresses.size(); i++) {
        out.add(new Task(job, i, addresses.get(i)));
      }
    }
    return out;
  }

  /** The number of tasks that train (chief and workers). */
  public int numTasks() {
    return tasks().size();
  }

  /** This process' task. */
  public Task task() {
    return new Task(taskType, taskIndex, cluster.get(taskType).get(taskIndex));
  }

  /** This process' position in {@link #tasks()}: its replica id, 0 for the chief. */
  public int rank() {
    return tasks().indexOf(task());
  }

  /** Whether this process writes the job's files: the chief, or worker 0 when there is no chief. */
  public boolean isChief() {
    return rank() == 0;
  }

  /** This object as TF_CONFIG's JSON. */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("cluster", cluster);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("type", taskType);
    task.put("index", taskIndex);
    root.put("task", task);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
