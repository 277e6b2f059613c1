/**
 * The application's HTTP operations endpoint ({@code /health}, {@code /ready}, {@code /metrics}) and the
 * Prometheus rendering of Kafka metrics.
 */
package dev.streamgrad.deploy.http;
