// The "Print" button of the printable sheets (a file of its own: the site allows no inline script).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
