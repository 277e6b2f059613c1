package dev.streamgrad.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the nodes and initializers of one ONNX graph whose tensors all have one element type. Every value name
 * (node output or initializer) is checked to be new, so a graph built here is in single static assignment form as
 * ONNX requires. Nodes must be added in topological order (each after the nodes producing its inputs).
 */
public final class GraphBuilder {
    private final int dataType;
    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** @param dataType {@link OnnxProtos#FLOAT} or {@link OnnxProtos#DOUBLE}: the type of every tensor */
    public GraphBuilder(int dataType) {
        if (dataType != OnnxProtos.FLOAT && dataType != OnnxProtos.DOUBLE) {
            throw new IllegalArgumentException("unsupported data type " + dataType);
        }
        this.dataType = dataType;
    }

    /** @return the element type of every tensor of the graph */
    public int dataType() {
        return dataType;
    }

    /** Declares a graph input's name (so that no node or initializer reuses it). */
    public String input(String name) {
        claim(name);
        return name;
    }

    /**
     * Adds an initializer (a constant tensor).
     *
     * @param values row-major; not copied, must not be modified until the model is written
     * @return its name
     */
    public String constant(String name, long[] dims, double[] values) {
        claim(name);
        initializers.add(OnnxProtos.tensor(name, dims, dataType, values));
        return name;
    }

    /** Adds a scalar (rank 0) initializer, broadcast by the element-wise ops; @return its name */
    public String scalar(String name, double value) {
        return constant(name, new long[0], new double[] {value});
    }

    /**
     * Adds a node with one output.
     *
     * @param inputs names of earlier outputs, initializers or graph inputs
     * @param attributes from {@link OnnxProtos#floatAttribute} / {@link OnnxProtos#intAttribute}
     * @return the output's name
     */
    public String op(String opType, List<String> inputs, String output, ProtoMessage... attributes) {
        for (String in : inputs) {
            if (!names.contains(in)) {
                throw new IllegalStateException(opType + " " + output + ": input " + in + " is not defined yet");
            }
        }
        claim(output);
        nodes.add(OnnxProtos.node(opType, output, inputs, List.of(output), Arrays.asList(attributes)));
        return output;
    }

    /** @return the nodes added, in order (the list itself; not to be modified) */
    public List<ProtoMessage> nodes() {
        return nodes;
    }

    /** @return the initializers added, in order (the list itself; not to be modified) */
    public List<ProtoMessage> initializers() {
        return initializers;
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("value name " + name + " is already defined in this graph");
        }
    }
}
