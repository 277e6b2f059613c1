package dev.streamgrad.onnx.internal;

import java.util.List;

/**
 * Builders of the ONNX messages this exporter writes, with the field numbers of {@code onnx.proto} (ONNX IR
 * version 7; the numbers have not changed since). Only the fields used here are named.
 */
public final class OnnxProtos {
    /** {@code TensorProto.DataType.FLOAT}. */
    public static final int FLOAT = 1;
    /** {@code TensorProto.DataType.DOUBLE}. */
    public static final int DOUBLE = 11;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOMAIN = 4;
    private static final int MODEL_MODEL_VERSION = 5;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_DOC_STRING = 10;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto and its AttributeType values
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_FLOAT = 1;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private OnnxProtos() {
    }

    /**
     * A dense tensor with its values in {@code raw_data} (little-endian, row-major).
     *
     * @param dims the shape; empty for a scalar
     * @param dataType {@link #FLOAT} (values rounded to binary32) or {@link #DOUBLE}
     * @param values row-major, length = product of dims; not copied, must not be modified until written
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public static ProtoMessage tensor(String name, long[] dims, int dataType, double[] values) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + java.util.Arrays.toString(dims)
                    + " holds " + count + " values, got " + values.length);
        }
        ProtoMessage t = new ProtoMessage();
        for (long d : dims) {
            t.varint(TENSOR_DIMS, d);
        }
        t.varint(TENSOR_DATA_TYPE, dataType);
        t.string(TENSOR_NAME, name);
        switch (dataType) {
            case DOUBLE -> t.doublesLittleEndian(TENSOR_RAW_DATA, values);
            case FLOAT -> t.floatsLittleEndian(TENSOR_RAW_DATA, values);
            default -> throw new IllegalArgumentException("unsupported tensor data type " + dataType);
        }
        return t;
    }

    /**
     * A node of the default (ai.onnx) domain.
     *
     * @param attributes from {@link #floatAttribute} / {@link #intAttribute}
     */
    public static ProtoMessage node(String opType, String name, List<String> inputs, List<String> outputs,
                                    List<ProtoMessage> attributes) {
        ProtoMessage n = new ProtoMessage();
        for (String in : inputs) {
            n.string(NODE_INPUT, in);
        }
        for (String out : outputs) {
            n.string(NODE_OUTPUT, out);
        }
        n.string(NODE_NAME, name);
        n.string(NODE_OP_TYPE, opType);
        for (ProtoMessage a : attributes) {
            n.message(NODE_ATTRIBUTE, a);
        }
        return n;
    }

    /** An attribute of type FLOAT (ONNX float attributes are binary32). */
    public static ProtoMessage floatAttribute(String name, float value) {
        return new ProtoMessage().string(ATTRIBUTE_NAME, name).float32(ATTRIBUTE_F, value)
                .varint(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_FLOAT);
    }

    /** An attribute of type INT. */
    public static ProtoMessage intAttribute(String name, long value) {
        return new ProtoMessage().string(ATTRIBUTE_NAME, name).varint(ATTRIBUTE_I, value)
                .varint(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
    }

    /**
     * A graph input or output: a tensor of {@code elemType} whose shape has one entry per dimension, a
     * {@code Long} (fixed size) or a {@code String} (a named symbolic size, e.g. the batch size).
     */
    public static ProtoMessage tensorValueInfo(String name, int elemType, List<Object> shape) {
        ProtoMessage dims = new ProtoMessage();
        for (Object d : shape) {
            ProtoMessage dim = new ProtoMessage();
            if (d instanceof Long v) {
                dim.varint(DIM_VALUE, v);
            } else if (d instanceof String p) {
                dim.string(DIM_PARAM, p);
            } else {
                throw new IllegalArgumentException("a dimension is a Long or a String, got " + d);
            }
            dims.message(SHAPE_DIM, dim);
        }
        ProtoMessage tensorType = new ProtoMessage().varint(TENSOR_TYPE_ELEM_TYPE, elemType)
                .message(TENSOR_TYPE_SHAPE, dims);
        ProtoMessage type = new ProtoMessage().message(TYPE_TENSOR_TYPE, tensorType);
        return new ProtoMessage().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
    }

    /** A graph: nodes in topological order, initializers, inputs and outputs. */
    public static ProtoMessage graph(String name, String doc, List<ProtoMessage> nodes,
                                     List<ProtoMessage> initializers, List<ProtoMessage> inputs,
                                     List<ProtoMessage> outputs) {
        ProtoMessage g = new ProtoMessage();
        for (ProtoMessage n : nodes) {
            g.message(GRAPH_NODE, n);
        }
        g.string(GRAPH_NAME, name);
        for (ProtoMessage t : initializers) {
            g.message(GRAPH_INITIALIZER, t);
        }
        g.string(GRAPH_DOC_STRING, doc);
        for (ProtoMessage i : inputs) {
            g.message(GRAPH_INPUT, i);
        }
        for (ProtoMessage o : outputs) {
            g.message(GRAPH_OUTPUT, o);
        }
        return g;
    }

    /**
     * The model: IR version, one opset import of the default domain, producer, model version, graph and
     * metadata properties (written in the map's iteration order).
     */
    public static ProtoMessage model(long irVersion, long opset, String producerName, String producerVersion,
                                     String domain, long modelVersion, String doc, ProtoMessage graph,
                                     java.util.Map<String, String> metadata) {
        ProtoMessage m = new ProtoMessage();
        m.varint(MODEL_IR_VERSION, irVersion);
        m.string(MODEL_PRODUCER_NAME, producerName);
        m.string(MODEL_PRODUCER_VERSION, producerVersion);
        m.string(MODEL_DOMAIN, domain);
        m.varint(MODEL_MODEL_VERSION, modelVersion);
        m.string(MODEL_DOC_STRING, doc);
        m.message(MODEL_GRAPH, graph);
        m.message(MODEL_OPSET_IMPORT, new ProtoMessage().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, opset));
        for (java.util.Map.Entry<String, String> e : metadata.entrySet()) {
            m.message(MODEL_METADATA_PROPS, new ProtoMessage().string(ENTRY_KEY, e.getKey())
                    .string(ENTRY_VALUE, e.getValue()));
        }
        return m;
    }
}
