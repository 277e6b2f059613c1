/**
 * Implementation of the ONNX export: the protobuf wire encoder ({@link dev.streamgrad.onnx.internal.ProtoWriter},
 * {@link dev.streamgrad.onnx.internal.ProtoMessage}), the ONNX message builders with onnx.proto's field numbers
 * ({@link dev.streamgrad.onnx.internal.OnnxProtos}), and the graph of the forward pass. Not a public API.
 */
package dev.streamgrad.onnx.internal;
