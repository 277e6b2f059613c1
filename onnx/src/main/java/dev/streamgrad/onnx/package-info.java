/**
 * ONNX export of a model's network ({@link dev.streamgrad.onnx.OnnxExporter}): a standard ONNX model that any ONNX
 * runtime can serve. Depends on the model library only; the protobuf encoding is this module's own
 * ({@code internal}).
 */
package dev.streamgrad.onnx;
