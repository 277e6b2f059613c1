/**
 * Configuration loading: a properties file overlaid by environment variables
 * ({@link dev.streamgrad.deploy.config.EnvironmentOverrides}), validated against a Kafka
 * {@link org.apache.kafka.common.config.ConfigDef} ({@link dev.streamgrad.deploy.config.ConfigLoader}), and the
 * markdown table of that definition for the README ({@link dev.streamgrad.deploy.config.ConfigMarkdown}).
 */
package dev.streamgrad.deploy.config;
