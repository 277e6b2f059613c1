/**
 * The {@code streamgrad} command line (picocli): {@link dev.streamgrad.deploy.cli.Cli} runs it, one class per
 * subcommand, argument checks with one-line errors, and the exit codes ({@link dev.streamgrad.deploy.cli.ExitCodes}).
 */
package dev.streamgrad.deploy.cli;
