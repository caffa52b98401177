"""Writes the summary golden files with the real `rich` library, following Keras 3's
keras/src/utils/summary_utils.py::print_summary line for line.

The model rows below are written by hand from Keras' rules (automatic names, map_graph layer
order, output shapes, parameter counts, "Connected to" entries); nothing here comes from jkeras.
Run with a Python that has `rich` (e.g. Debian's python3-rich): python3 make_golden.py
"""
import math
import os
import shutil

import rich.console
import rich.markup
import rich.table

HERE = os.path.dirname(os.path.abspath(__file__))


def readable_memory_size(weight_memory_size):
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    scale = 1024
    for unit in units:
        if weight_memory_size / scale < 1:
            return "{:.2f} {}".format(weight_memory_size, unit)
        else:
            weight_memory_size /= scale
    return "{:.2f} {}".format(weight_memory_size, units[-1])


def summary(name, rows, sequential_like, trainable, non_trainable=0, show_trainable=False):
    """rows: (layer name, class name, output shape text, params int or str, connections[, trainable])."""
    if sequential_like:
        default_line_length = 88
        positions = [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
    else:
        default_line_length = 108
        positions = [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
    if show_trainable:
        default_line_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")
    # Not a terminal and COLUMNS unset: shutil falls back to 80 columns.
    os.environ.pop("COLUMNS", None)
    default_line_length = min(default_line_length, shutil.get_terminal_size((80, 24)).columns - 4)
    line_length = default_line_length
    column_widths = []
    current = 0
    for pos in positions:
        width = int(pos * line_length) - current
        column_widths.append(width)
        current += width
    columns = [rich.table.Column(h, justify=alignment[i], width=column_widths[i])
               for i, h in enumerate(header)]
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for layer_name, cls_name, shape, params, connected, *flag in rows:
        n = rich.markup.escape(layer_name) + f" ({rich.markup.escape(cls_name)})"
        p = params if isinstance(params, str) else f"{params:,}"
        fields = [n, shape, p]
        if not sequential_like:
            fields.append(connected)
        if show_trainable:
            fields.append(flag[0])
        table.add_row(*fields)
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=80)
    console.begin_capture()
    console.print(f'Model: "{rich.markup.escape(name)}"')
    console.print(table)
    total = trainable + non_trainable
    console.print(f" Total params: {total:,} ({readable_memory_size(total * 32 / 8)})")
    console.print(f" Trainable params: {trainable:,} ({readable_memory_size(trainable * 32 / 8)})")
    console.print(f" Non-trainable params: {non_trainable:,} "
                  f"({readable_memory_size(non_trainable * 32 / 8)})")
    return console.end_capture()


def write(file, text):
    with open(os.path.join(HERE, file), "w", encoding="utf-8") as f:
        f.write(text)


CNN_ROWS = [
    ("conv2d", "Conv2D", "(None, 26, 26, 32)", 320, "input_layer[0][0]"),
    ("max_pooling2d", "MaxPooling2D", "(None, 13, 13, 32)", 0, "conv2d[0][0]"),
    ("conv2d_1", "Conv2D", "(None, 11, 11, 64)", 18496, "max_pooling2d[0][0]"),
    ("max_pooling2d_1", "MaxPooling2D", "(None, 5, 5, 64)", 0, "conv2d_1[0][0]"),
    ("flatten", "Flatten", "(None, 1600)", 0, "max_pooling2d_1[0][0]"),
    ("dense", "Dense", "(None, 64)", 102464, "flatten[0][0]"),
    ("dense_1", "Dense", "(None, 10)", 650, "dense[0][0]"),
]

# keras.Model(inputs, outputs) of the seed CNN: a chain, so no "Connected to" column.
write("functional_cnn.txt", summary(
    "functional", [("input_layer", "InputLayer", "(None, 28, 28, 1)", 0, "-")] + CNN_ROWS,
    True, 121930))

# keras.Sequential([...]) of the same layers: no InputLayer row.
write("sequential_cnn.txt", summary("sequential", CNN_ROWS, True, 121930))

# Sequential without an input shape: layers unbuilt.
write("sequential_unbuilt.txt", summary("sequential", [
    ("dense", "Dense", "?", "0 (unbuilt)", ""),
    ("dense_1", "Dense", "?", "0 (unbuilt)", ""),
], True, 0))

# Multimodal model; layers in map_graph order (depth, then first visit of the DFS from the
# outputs, flattened by sorted key: classification_output first).
write("multimodal.txt", summary("functional", [
    ("image", "InputLayer", "(None, 64, 64, 3)", 0, "-"),
    ("conv2d", "Conv2D", "(None, 62, 62, 32)", 896, "image[0][0]"),
    ("max_pooling2d", "MaxPooling2D", "(None, 31, 31, 32)", 0, "conv2d[0][0]"),
    ("conv2d_1", "Conv2D", "(None, 29, 29, 64)", 18496, "max_pooling2d[0][0]"),
    ("max_pooling2d_1", "MaxPooling2D", "(None, 14, 14, 64)", 0, "conv2d_1[0][0]"),
    ("video", "InputLayer", "(None, 128, 128, 3)", 0, "-"),
    ("flatten", "Flatten", "(None, 12544)", 0, "max_pooling2d_1[0][0]"),
    ("metadata", "InputLayer", "(None, 10)", 0, "-"),
    ("audio", "InputLayer", "(None, 100)", 0, "-"),
    ("flatten_1", "Flatten", "(None, 49152)", 0, "video[0][0]"),
    ("concatenate", "Concatenate", "(None, 61806)", 0,
     "flatten[0][0], metadata[0][0], audio[0][0], flatten_1[0][0]"),
    ("dense", "Dense", "(None, 128)", 7911296, "concatenate[0][0]"),
    ("classification_output", "Dense", "(None, 10)", 1290, "dense[0][0]"),
    ("regression_output", "Dense", "(None, 1)", 129, "dense[0][0]"),
], False, 7932107))

# Shared layer: a = Input((16,)), b = Input((16,)); shared = Dense(8); concatenate the two calls,
# then Dense(1). The shared Dense lists both calls; its shape is that of its last node.
write("shared_layer.txt", summary("functional", [
    ("input_layer", "InputLayer", "(None, 16)", 0, "-"),
    ("input_layer_1", "InputLayer", "(None, 16)", 0, "-"),
    ("dense", "Dense", "(None, 8)", 136, "input_layer[0][0], input_layer_1[0][0]"),
    ("concatenate", "Concatenate", "(None, 16)", 0, "dense[0][0], dense[1][0]"),
    ("dense_1", "Dense", "(None, 1)", 17, "concatenate[0][0]"),
], False, 153))

# Nested model: encoder = Model(Input((32,)) -> Dense(16, name="code")), name="encoder";
# outer: x = Input((32,)); y = Dense(4)(encoder(x)), unnamed, so "functional" (the encoder took no
# automatic name). A chain, so no "Connected to".
write("nested_model.txt", summary("functional", [
    ("input_layer_1", "InputLayer", "(None, 32)", 0, "-"),
    ("encoder", "Functional", "(None, 16)", 528, "input_layer_1[0][0]"),
    ("dense", "Dense", "(None, 4)", 68, "encoder[0][0]"),
], True, 596))

# The nested model with expand_nested=True, show_trainable=True, the encoder frozen (Keras' model.trainable =
# False freezes its layers too). Nested rows are prefixed "   " * level + "└ ".
write("nested_expanded_trainable.txt", summary("functional", [
    ("input_layer_1", "InputLayer", "(None, 32)", 0, "-", "-"),
    ("encoder", "Functional", "(None, 16)", 528, "input_layer_1[0][0]", "N"),
    ("   └ input_layer", "InputLayer", "(None, 32)", 0, "-", "-"),
    ("   └ code", "Dense", "(None, 16)", 528, "input_layer[0][0]", "N"),
    ("dense", "Dense", "(None, 4)", 68, "encoder[0][0]", "Y"),
], True, 68, non_trainable=528, show_trainable=True))

# The multimodal model with layer_range=("conv2d_1", "flatten"): from the first layer matching the first pattern
# to the last matching the second; re.match anchors at the start only, so "flatten" also matches flatten_1.
write("multimodal_range.txt", summary("functional", [
    ("conv2d_1", "Conv2D", "(None, 29, 29, 64)", 18496, "max_pooling2d[0][0]"),
    ("max_pooling2d_1", "MaxPooling2D", "(None, 14, 14, 64)", 0, "conv2d_1[0][0]"),
    ("video", "InputLayer", "(None, 128, 128, 3)", 0, "-"),
    ("flatten", "Flatten", "(None, 12544)", 0, "max_pooling2d_1[0][0]"),
    ("metadata", "InputLayer", "(None, 10)", 0, "-"),
    ("audio", "InputLayer", "(None, 100)", 0, "-"),
    ("flatten_1", "Flatten", "(None, 49152)", 0, "video[0][0]"),
], False, 7932107))
