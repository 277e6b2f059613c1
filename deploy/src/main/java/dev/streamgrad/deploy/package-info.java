/**
 * The runnable streamgrad application: {@link dev.streamgrad.deploy.Main}. Sub-packages: {@code cli} (commands),
 * {@code config} (file + environment configuration), {@code broker} (embedded Kafka for the demo), {@code data}
 * (example sources), {@code report} (progress, summary, plot), {@code http} (health, readiness, metrics).
 */
package dev.streamgrad.deploy;
