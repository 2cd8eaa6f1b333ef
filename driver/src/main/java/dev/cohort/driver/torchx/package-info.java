/** Migration from TorchX: reading the {@code actors.json} its Ray scheduler writes. */
package dev.cohort.driver.torchx;
