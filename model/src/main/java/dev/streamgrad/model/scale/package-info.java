/** Online feature standardisation by Welford's algorithm (MATH.md, "Online feature scaling"). */
package dev.streamgrad.model.scale;
