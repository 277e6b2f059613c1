/** Process lifecycle of the commands: clean stop on Ctrl-C / SIGTERM ({@link dev.streamgrad.deploy.lifecycle.GracefulShutdown}). */
package dev.streamgrad.deploy.lifecycle;
