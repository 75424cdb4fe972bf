// "Send code" buttons: post the phone next to the button, show the answer, wait a minute.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-send-code]");
  if (!button) return;
  event.preventDefault();
  const form = button.closest("form");
  const status = form.querySelector("[data-code-status]");
  const body = new FormData();
  body.append("phone", form.querySelector("input[name=phone]").value);
  body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
  button.disabled = true;
  const response = await fetch(button.dataset.sendCode, { method: "POST", body, credentials: "same-origin" });
  const answer = await response.json();
  status.textContent = answer.message;
  status.className = "form-text " + (answer.ok ? "text-success" : "text-danger");
  setTimeout(() => { button.disabled = false; }, answer.ok ? 60000 : 1000);
});
