// The print button opens the browser's print dialog; the stylesheet hides everything but the certificate.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
