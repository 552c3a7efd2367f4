// Opens the dialog on a click and closes it on Escape, as the app's
// dialogs must.
const dialog = document.getElementById("dlg");
document.getElementById("open").addEventListener("click", () => {
  dialog.hidden = false;
  dialog.querySelector("input").focus();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    dialog.hidden = true;
  }
});
