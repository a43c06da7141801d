<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AmountEntry</name>
    <message>
        <source>Amount typed</source>
        <translation>Importe tecleado</translation>
    </message>
</context>
<context>
    <name>BatchModel</name>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} h {1} min</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Propina</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>Cobrado por</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Time left / outcome</source>
        <translation>Tiempo / resultado</translation>
    </message>
    <message>
        <source>Stored — waiting to be sent</source>
        <translation>Guardado — pendiente de envío</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Requiere atención</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprobado</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <source>Voided — never sent</source>
        <translation>Anulado — nunca enviado</translation>
    </message>
    <message>
        <source>Overdue {0}</source>
        <translation>Vencido {0}</translation>
    </message>
    <message>
        <source>Forward within {0}</source>
        <translation>Enviar antes de {0}</translation>
    </message>
</context>
<context>
    <name>BatchScreen</name>
    <message>
        <source>Offline batch</source>
        <translation>Lote sin conexión</translation>
    </message>
    <message>
        <source>Totals by state</source>
        <translation>Totales por estado</translation>
    </message>
    <message>
        <source>Stored payments</source>
        <translation>Pagos guardados</translation>
    </message>
    <message>
        <source>Forward now</source>
        <translation>Enviar ya</translation>
    </message>
    <message>
        <source>Sends the stored offline payments to Stripe now</source>
        <translation>Envía ya a Stripe los pagos guardados sin conexión</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stops forwarding; the payments already being sent finish first</source>
        <translation>Detiene el envío; los pagos que ya se están enviando terminan antes</translation>
    </message>
    <message>
        <source>Forwarding progress</source>
        <translation>Progreso del envío</translation>
    </message>
    <message>
        <source>How many stored payments have been sent</source>
        <translation>Cuántos pagos guardados se han enviado</translation>
    </message>
    <message>
        <source>Forwarding results</source>
        <translation>Resultados del envío</translation>
    </message>
    <message>
        <source>Contact customer</source>
        <translation>Contactar cliente</translation>
    </message>
    <message>
        <source>Records that the customer is contacted about a declined payment; the balance stays due</source>
        <translation>Registra que se contacta al cliente por un pago rechazado; el saldo sigue pendiente</translation>
    </message>
    <message>
        <source>Cash collected</source>
        <translation>Cobrado en efectivo</translation>
    </message>
    <message>
        <source>Records the balance of a declined payment as collected in cash</source>
        <translation>Registra el saldo de un pago rechazado como cobrado en efectivo</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Dar por perdido</translation>
    </message>
    <message>
        <source>Writes off the balance of a declined payment</source>
        <translation>Da por perdido el saldo de un pago rechazado</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Reenviar</translation>
    </message>
    <message>
        <source>Sends a payment that needs a decision again with the same keys</source>
        <translation>Reenvía con las mismas claves un pago que requiere una decisión</translation>
    </message>
    <message>
        <source>Retry with a new key…</source>
        <translation>Reintentar con clave nueva…</translation>
    </message>
    <message>
        <source>Checks with Stripe first, then sends the payment under new keys if nothing was charged</source>
        <translation>Consulta antes a Stripe y, si no se cobró nada, envía el pago con claves nuevas</translation>
    </message>
    <message>
        <source>Collect another way…</source>
        <translation>Cobrar de otra forma…</translation>
    </message>
    <message>
        <source>Never charges the stored card; the sale is collected another way</source>
        <translation>Nunca cobra la tarjeta guardada; la venta se cobra de otra forma</translation>
    </message>
    <message>
        <source>What to do with the selected payment</source>
        <translation>Qué hacer con el pago seleccionado</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Returns to the manager&apos;s screen</source>
        <translation>Vuelve a la pantalla del encargado</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Reads the stored payments again</source>
        <translation>Vuelve a leer los pagos guardados</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Saves the open batch as a CSV file</source>
        <translation>Guarda el lote abierto como archivo CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Exportar PDF</translation>
    </message>
    <message>
        <source>Saves the open batch as a PDF file</source>
        <translation>Guarda el lote abierto como archivo PDF</translation>
    </message>
    <message>
        <source>Close batch</source>
        <translation>Cerrar lote</translation>
    </message>
    <message>
        <source>Numbers the batch and closes it; it never changes afterwards</source>
        <translation>Numera el lote y lo cierra; después ya no cambia</translation>
    </message>
    <message>
        <source>Batch message</source>
        <translation>Mensaje del lote</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>{0} payments, {1} — {2}</source>
        <translation>{0} pagos, {1} — {2}</translation>
    </message>
    <message>
        <source>Nothing is stored: the batch is empty.</source>
        <translation>No hay nada guardado: el lote está vacío.</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <source>needs attention</source>
        <translation>requiere atención</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>aprobado</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>anulado</translation>
    </message>
    <message>
        <source>Send the stored offline payments to Stripe now.</source>
        <translation>Envía ya a Stripe los pagos guardados sin conexión.</translation>
    </message>
    <message>
        <source>Forwarding…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Cancelling — the payments already being sent finish first…</source>
        <translation>Cancelando — los pagos que ya se están enviando terminan antes…</translation>
    </message>
    <message>
        <source>{0} of {1} sent — approved {2}, declined {3}, need attention {4}</source>
        <translation>{0} de {1} enviados — aprobados {2}, rechazados {3}, requieren atención {4}</translation>
    </message>
    <message>
        <source>Cancelled. </source>
        <translation>Cancelado. </translation>
    </message>
    <message>
        <source>Nothing was waiting to be sent.</source>
        <translation>No había nada pendiente de envío.</translation>
    </message>
    <message>
        <source>Contact the customer about order {0}: the balance stays due.</source>
        <translation>Contacta al cliente por el pedido {0}: el saldo sigue pendiente.</translation>
    </message>
    <message>
        <source>Record the balance of order {0} collected in cash.</source>
        <translation>Registra el saldo del pedido {0} como cobrado en efectivo.</translation>
    </message>
    <message>
        <source>Write off the balance of order {0}.</source>
        <translation>Da por perdido el saldo del pedido {0}.</translation>
    </message>
    <message>
        <source>Send the payment of order {0} again with the same keys.</source>
        <translation>Reenvía el pago del pedido {0} con las mismas claves.</translation>
    </message>
    <message>
        <source>Decide on the payment of order {0}: retry with a new key.</source>
        <translation>Decide sobre el pago del pedido {0}: reintentar con clave nueva.</translation>
    </message>
    <message>
        <source>Do not charge the stored card of order {0}; collect the sale another way.</source>
        <translation>No cobres la tarjeta guardada del pedido {0}; cobra la venta de otra forma.</translation>
    </message>
    <message>
        <source>Checking with Stripe…</source>
        <translation>Consultando a Stripe…</translation>
    </message>
    <message>
        <source>Recording the decision…</source>
        <translation>Registrando la decisión…</translation>
    </message>
    <message>
        <source>Retry with a new key</source>
        <translation>Reintentar con clave nueva</translation>
    </message>
    <message>
        <source>Stripe is checked first: every earlier key of this payment is sent again or looked up, and if the card was already charged that is recorded and nothing new is sent. Only once Stripe shows nothing was charged is it sent under new keys. The customer is never charged twice.</source>
        <translation>Primero se consulta a Stripe: cada clave anterior de este pago se reenvía o se busca, y si la tarjeta ya se cobró se registra y no se envía nada nuevo. Solo cuando Stripe muestra que no se cobró nada se envía con claves nuevas. Al cliente nunca se le cobra dos veces.</translation>
    </message>
    <message>
        <source>Batch {0} closed: {1} payments, {2}.</source>
        <translation>Lote {0} cerrado: {1} pagos, {2}.</translation>
    </message>
    <message>
        <source>Closing the batch…</source>
        <translation>Cerrando el lote…</translation>
    </message>
    <message>
        <source>Close the offline batch: it is numbered and never changes.</source>
        <translation>Cierra el lote sin conexión: se numera y ya no cambia.</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>Guardado: {0}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Not done: {0}</source>
        <translation>No hecho: {0}</translation>
    </message>
    <message>
        <source>Order {0}: declined ({1}); decided: {2}.</source>
        <translation>Pedido {0}: rechazado ({1}); decisión: {2}.</translation>
    </message>
    <message>
        <source>Order {0} was declined ({1}): contact the customer, record the cash collected, or write it off.</source>
        <translation>El pedido {0} fue rechazado ({1}): contacta al cliente, registra el efectivo cobrado o dalo por perdido.</translation>
    </message>
    <message>
        <source>Order {0} needs a decision ({1}): send it again with the same keys, or retry with a new key.</source>
        <translation>El pedido {0} requiere una decisión ({1}): reenvíalo con las mismas claves o reintenta con clave nueva.</translation>
    </message>
    <message>
        <source>Order {0}: the outcome is not confirmed yet; it is checked again automatically.</source>
        <translation>Pedido {0}: el resultado aún no está confirmado; se vuelve a comprobar automáticamente.</translation>
    </message>
</context>
<context>
    <name>Card</name>
    <message>
        <source>Use the digits 0-9 only</source>
        <translation>Usa solo los dígitos 0-9</translation>
    </message>
    <message>
        <source>Card number must be 12 to 19 digits</source>
        <translation>El número de tarjeta debe tener de 12 a 19 dígitos</translation>
    </message>
    <message>
        <source>Card number is not valid — check the digits</source>
        <translation>El número de tarjeta no es válido — revisa los dígitos</translation>
    </message>
    <message>
        <source>{brand} numbers have {lengths} digits</source>
        <translation>Los números {brand} tienen {lengths} dígitos</translation>
    </message>
    <message>
        <source>{low} to {high}</source>
        <translation>{low} a {high}</translation>
    </message>
    <message>
        <source>{first} or {last}</source>
        <translation>{first} o {last}</translation>
    </message>
    <message>
        <source>Use the digits 0-9 only (MM/YY)</source>
        <translation>Usa solo los dígitos 0-9 (MM/AA)</translation>
    </message>
    <message>
        <source>Enter the expiry as MM/YY</source>
        <translation>Introduce la caducidad como MM/AA</translation>
    </message>
    <message>
        <source>Expiry month must be 01 to 12</source>
        <translation>El mes de caducidad debe ser de 01 a 12</translation>
    </message>
    <message>
        <source>This card has expired</source>
        <translation>Esta tarjeta ha caducado</translation>
    </message>
    <message>
        <source>Expiry year is too far in the future</source>
        <translation>El año de caducidad es demasiado lejano</translation>
    </message>
    <message>
        <source>Security code must be {count} digits</source>
        <translation>El código de seguridad debe tener {count} dígitos</translation>
    </message>
    <message>
        <source>Enter a valid postal code</source>
        <translation>Introduce un código postal válido</translation>
    </message>
</context>
<context>
    <name>CardCheckoutDialog</name>
    <message>
        <source>Card payment</source>
        <translation>Pago con tarjeta</translation>
    </message>
    <message>
        <source>A card payment: the tip, then the card reader&apos;s prompts and the outcome.</source>
        <translation>Un pago con tarjeta: la propina, luego las indicaciones del lector y el resultado.</translation>
    </message>
    <message>
        <source>Amount to charge</source>
        <translation>Importe a cobrar</translation>
    </message>
    <message>
        <source>Charge the card on the reader (Enter).</source>
        <translation>Cobra la tarjeta en el lector (Enter).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop this payment; if the card was already read, Stripe decides (Escape).</source>
        <translation>Detén este pago; si la tarjeta ya se leyó, decide Stripe (Esc).</translation>
    </message>
    <message>
        <source>Manual card entry</source>
        <translation>Entrada manual de tarjeta</translation>
    </message>
    <message>
        <source>Key the card in on the till instead.</source>
        <translation>Teclea la tarjeta en la caja.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>A new card payment.</source>
        <translation>Un nuevo pago con tarjeta.</translation>
    </message>
    <message>
        <source>Other payment</source>
        <translation>Otro pago</translation>
    </message>
    <message>
        <source>Back to the payment screen to pay another way.</source>
        <translation>Vuelve a la pantalla de pago para cobrar de otra forma.</translation>
    </message>
    <message>
        <source>Switch to offline payments</source>
        <translation>Pasar a pagos sin conexión</translation>
    </message>
    <message>
        <source>Store card payments on this till and send them when Stripe is back.</source>
        <translation>Guarda los pagos con tarjeta en esta caja y envíalos cuando vuelva Stripe.</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <source>Ask Stripe what happened to this payment (never charges again).</source>
        <translation>Pregunta a Stripe qué pasó con este pago (nunca vuelve a cobrar).</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close; the payment stays to be checked.</source>
        <translation>Cierra; el pago queda pendiente de comprobar.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Close the card payment (Enter).</source>
        <translation>Cierra el pago con tarjeta (Enter).</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Propina</translation>
    </message>
    <message>
        <source>No tip</source>
        <translation>Sin propina</translation>
    </message>
    <message>
        <source>The tip on this card payment.</source>
        <translation>La propina de este pago con tarjeta.</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Otra</translation>
    </message>
    <message>
        <source>Type the tip on the keypad.</source>
        <translation>Teclea la propina en el teclado.</translation>
    </message>
    <message>
        <source>The custom tip typed on the keypad.</source>
        <translation>La propina tecleada en el teclado.</translation>
    </message>
    <message>
        <source>Custom tip</source>
        <translation>Otra propina</translation>
    </message>
    <message>
        <source>Starting card payment…</source>
        <translation>Iniciando pago con tarjeta…</translation>
    </message>
    <message>
        <source>The payment could not be started</source>
        <translation>No se pudo iniciar el pago</translation>
    </message>
    <message>
        <source>Payment not confirmed yet</source>
        <translation>Pago aún sin confirmar</translation>
    </message>
    <message>
        <source>{card} — tip {tip}</source>
        <translation>{card} — propina {tip}</translation>
    </message>
    <message>
        <source>Approved, but not added to the order</source>
        <translation>Aprobado, pero no añadido al pedido</translation>
    </message>
    <message>
        <source>{card}. Call a manager.</source>
        <translation>{card}. Llama a un encargado.</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprobado</translation>
    </message>
    <message>
        <source>Declined — ask for another card</source>
        <translation>Rechazado — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>Pago fallido</translation>
    </message>
    <message>
        <source>Payment canceled</source>
        <translation>Pago cancelado</translation>
    </message>
    <message>
        <source>Nothing was charged.</source>
        <translation>No se cobró nada.</translation>
    </message>
    <message>
        <source>Canceling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>If the card was already read, the payment may still go through.</source>
        <translation>Si la tarjeta ya se leyó, el pago aún puede completarse.</translation>
    </message>
    <message>
        <source>Checking the payment with Stripe…</source>
        <translation>Comprobando el pago con Stripe…</translation>
    </message>
    <message>
        <source>Charge {amount}</source>
        <translation>Cobrar {amount}</translation>
    </message>
    <message>
        <source>Choose the tip, then charge the card</source>
        <translation>Elige la propina y cobra la tarjeta</translation>
    </message>
</context>
<context>
    <name>CardPayment</name>
    <message>
        <source>Card not accepted: {reason}</source>
        <translation>Tarjeta no aceptada: {reason}</translation>
    </message>
    <message>
        <source>Stripe refused the payment: {reason}</source>
        <translation>Stripe rechazó el pago: {reason}</translation>
    </message>
    <message>
        <source>The card was never charged</source>
        <translation>La tarjeta nunca se cobró</translation>
    </message>
    <message>
        <source>Could not confirm the payment with Stripe — do not retry; it will be checked again</source>
        <translation>No se pudo confirmar el pago con Stripe — no reintentes; se volverá a comprobar</translation>
    </message>
    <message>
        <source>Starting card payment…</source>
        <translation>Iniciando pago con tarjeta…</translation>
    </message>
    <message>
        <source>No PaymentIntent was ever asked for</source>
        <translation>Nunca se pidió ningún PaymentIntent</translation>
    </message>
    <message>
        <source>That sale is for another order</source>
        <translation>Esa venta es de otro pedido</translation>
    </message>
    <message>
        <source>A card payment for this order is still being checked — wait for it to finish</source>
        <translation>Aún se está comprobando un pago con tarjeta de este pedido — espera a que termine</translation>
    </message>
    <message>
        <source>Nothing can store this payment</source>
        <translation>Nada puede guardar este pago</translation>
    </message>
    <message>
        <source>Payment interrupted</source>
        <translation>Pago interrumpido</translation>
    </message>
    <message>
        <source>That payment is still running</source>
        <translation>Ese pago sigue en curso</translation>
    </message>
    <message>
        <source>Those card payments are off on this till</source>
        <translation>Esos pagos con tarjeta están desactivados en esta caja</translation>
    </message>
</context>
<context>
    <name>CashCountInput</name>
    <message>
        <source>Pieces of {0}</source>
        <translation>Piezas de {0}</translation>
    </message>
    <message>
        <source>How many {0} pieces are in the drawer</source>
        <translation>Cuántas piezas de {0} hay en el cajón</translation>
    </message>
</context>
<context>
    <name>ChargeCheck</name>
    <message>
        <source>Stripe has already charged this payment — nothing was sent again.</source>
        <translation>Stripe ya ha cobrado este pago — no se ha reenviado nada.</translation>
    </message>
    <message>
        <source>Stripe shows that nothing was charged for this payment.</source>
        <translation>Stripe muestra que no se cobró nada por este pago.</translation>
    </message>
    <message>
        <source>Stripe could not yet show whether this payment was charged — nothing was sent again; try again in a few minutes.</source>
        <translation>Stripe aún no puede mostrar si este pago se cobró — no se ha reenviado nada; reintenta en unos minutos.</translation>
    </message>
    <message>
        <source>{text}
• {check}</source>
        <translation>{text}
• {check}</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>rate-limited (429)</source>
        <translation>límite de peticiones (429)</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>sin respuesta</translation>
    </message>
    <message>
        <source>PaymentIntent {id} is {status}: the card was charged</source>
        <translation>PaymentIntent {id} está {status}: la tarjeta se cobró</translation>
    </message>
    <message>
        <source>Re-sent key {key} (made {age} ago)</source>
        <translation>Clave {key} reenviada (creada hace {age})</translation>
    </message>
    <message>
        <source>{said}: the card was declined ({code})</source>
        <translation>{said}: la tarjeta fue rechazada ({code})</translation>
    </message>
    <message>
        <source>{said}: Stripe refused it ({code}); nothing was made</source>
        <translation>{said}: Stripe lo rechazó ({code}); no se creó nada</translation>
    </message>
    <message>
        <source>{said}: {what} — not known yet</source>
        <translation>{said}: {what} — aún no se sabe</translation>
    </message>
    <message>
        <source>{said}: {what}; its PaymentIntents are looked up instead</source>
        <translation>{said}: {what}; se buscan sus PaymentIntents en su lugar</translation>
    </message>
    <message>
        <source>{said}: Stripe answered with PaymentIntent {id} ({status})</source>
        <translation>{said}: Stripe respondió con el PaymentIntent {id} ({status})</translation>
    </message>
    <message>
        <source>Searched Stripe by this payment&apos;s id: {count} PaymentIntent(s)</source>
        <translation>Búsqueda en Stripe por el id de este pago: {count} PaymentIntent(s)</translation>
    </message>
    <message>
        <source>Stripe&apos;s search was {what}; looked in the list instead</source>
        <translation>La búsqueda de Stripe dio {what}; se consultó la lista en su lugar</translation>
    </message>
    <message>
        <source>Stripe&apos;s PaymentIntent list was {what} — not known yet</source>
        <translation>La lista de PaymentIntents de Stripe dio {what} — aún no se sabe</translation>
    </message>
    <message>
        <source>Listed every PaymentIntent Stripe made {span} ({listed}): {mine} for this payment</source>
        <translation>Listados todos los PaymentIntents que Stripe creó {span} ({listed}): {mine} de este pago</translation>
    </message>
    <message>
        <source>Too many to list in one go — not known yet</source>
        <translation>Demasiados para listarlos de una vez — aún no se sabe</translation>
    </message>
    <message>
        <source>PaymentIntent {id} could not be canceled yet — not known yet</source>
        <translation>Aún no se pudo cancelar el PaymentIntent {id} — aún no se sabe</translation>
    </message>
    <message>
        <source>PaymentIntent {id} canceled: it can never charge</source>
        <translation>PaymentIntent {id} cancelado: nunca podrá cobrar</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Dripos Terminal — test print</source>
        <translation>Dripos Terminal — impresión de prueba</translation>
    </message>
    <message>
        <source>No feed address</source>
        <translation>Sin dirección de la fuente</translation>
    </message>
    <message>
        <source>Could not read the feed ({reason}). This is not an all-clear.</source>
        <translation>No se pudo leer la fuente ({reason}). Esto no significa que todo esté bien.</translation>
    </message>
    <message>
        <source>All clear: no problem reported for {components}.</source>
        <translation>Todo bien: ningún problema en {components}.</translation>
    </message>
    <message>
        <source>{severity}: {title} — {update}</source>
        <translation>{severity}: {title} — {update}</translation>
    </message>
    <message>
        <source>{severity}: {title}</source>
        <translation>{severity}: {title}</translation>
    </message>
    <message>
        <source>(shop name not set)</source>
        <translation>(nombre de la tienda sin definir)</translation>
    </message>
    <message>
        <source>Till {till}</source>
        <translation>Caja {till}</translation>
    </message>
    <message>
        <source>Port {port}</source>
        <translation>Puerto {port}</translation>
    </message>
    <message>
        <source>Code page {page}</source>
        <translation>Página de códigos {page}</translation>
    </message>
    <message>
        <source>Money: {amounts}</source>
        <translation>Dinero: {amounts}</translation>
    </message>
    <message>
        <source>Letters: {letters}</source>
        <translation>Letras: {letters}</translation>
    </message>
    <message>
        <source>If you can read this, the printer works.</source>
        <translation>Si puedes leer esto, la impresora funciona.</translation>
    </message>
    <message>
        <source>No printer port</source>
        <translation>Sin puerto de impresora</translation>
    </message>
    <message>
        <source>Test page printed — check it came out</source>
        <translation>Página de prueba impresa — comprueba que ha salido</translation>
    </message>
</context>
<context>
    <name>ComponentStatus</name>
    <message>
        <source>operational</source>
        <translation>operativo</translation>
    </message>
    <message>
        <source>degraded performance</source>
        <translation>rendimiento degradado</translation>
    </message>
    <message>
        <source>partial outage</source>
        <translation>caída parcial</translation>
    </message>
    <message>
        <source>major outage</source>
        <translation>caída grave</translation>
    </message>
    <message>
        <source>under maintenance</source>
        <translation>en mantenimiento</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <source>{where}: {reason}</source>
        <translation>{where}: {reason}</translation>
    </message>
    <message>
        <source>Correct or remove &apos;{key}&apos; in {file}, then restart the till.</source>
        <translation>Corrige o quita &apos;{key}&apos; en {file} y reinicia la caja.</translation>
    </message>
    <message>
        <source>Fix or remove {file}, then restart the till.</source>
        <translation>Corrige o quita {file} y reinicia la caja.</translation>
    </message>
    <message>
        <source>unknown setting (a typo, or a setting this version does not have)</source>
        <translation>ajuste desconocido (una errata o un ajuste que esta versión no tiene)</translation>
    </message>
    <message>
        <source>is a folder, not a file; remove it</source>
        <translation>es una carpeta, no un archivo; quítala</translation>
    </message>
    <message>
        <source>cannot be read (file permissions)</source>
        <translation>no se puede leer (permisos del archivo)</translation>
    </message>
    <message>
        <source>cannot be read ({error})</source>
        <translation>no se puede leer ({error})</translation>
    </message>
    <message>
        <source>is not UTF-8 text (bad byte at line {line}); save it as UTF-8</source>
        <translation>no es texto UTF-8 (byte erróneo en la línea {line}); guárdalo como UTF-8</translation>
    </message>
    <message>
        <source>is not valid TOML ({error})</source>
        <translation>no es TOML válido ({error})</translation>
    </message>
</context>
<context>
    <name>Connectivity</name>
    <message>
        <source>Switching to offline payments needs a manager&apos;s PIN</source>
        <translation>Pasar a pagos sin conexión requiere el PIN de un encargado</translation>
    </message>
    <message>
        <source>The till is already taking offline payments</source>
        <translation>La caja ya está aceptando pagos sin conexión</translation>
    </message>
    <message>
        <source>Log in to go back online</source>
        <translation>Entra para volver a estar en línea</translation>
    </message>
    <message>
        <source>Stripe is not reachable yet, so the till stays offline</source>
        <translation>Stripe aún no está accesible, así que la caja sigue sin conexión</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Dripos Terminal — something went wrong</source>
        <translation>Dripos Terminal — algo ha fallado</translation>
    </message>
    <message>
        <source>Something went wrong and the till could not finish what it was doing.</source>
        <translation>Algo ha fallado y la caja no pudo terminar lo que estaba haciendo.</translation>
    </message>
    <message>
        <source>Completed sales and stored card payments were saved before they were shown as done. If the till misbehaves, close it and start it again.</source>
        <translation>Las ventas completadas y los pagos con tarjeta guardados se guardaron antes de mostrarse como hechos. Si la caja falla, ciérrala y vuelve a abrirla.</translation>
    </message>
    <message>
        <source>The report could not be saved; the till&apos;s log has the details.</source>
        <translation>No se pudo guardar el informe; el registro de la caja tiene los detalles.</translation>
    </message>
    <message>
        <source>A report for support was saved as {path}</source>
        <translation>Se guardó un informe para soporte en {path}</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Seguir</translation>
    </message>
    <message>
        <source>Close this message and carry on.</source>
        <translation>Cierra este mensaje y continúa.</translation>
    </message>
    <message>
        <source>({count} errors since this message appeared.)</source>
        <translation>({count} errores desde que apareció este mensaje.)</translation>
    </message>
    <message>
        <source>What went wrong, for support.</source>
        <translation>Qué ha fallado, para soporte.</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>Detalles técnicos</translation>
    </message>
    <message>
        <source>Show or hide the technical details for support.</source>
        <translation>Muestra u oculta los detalles técnicos para soporte.</translation>
    </message>
</context>
<context>
    <name>Decline</name>
    <message>
        <source>Declined — ask for another payment method</source>
        <translation>Rechazado — pide otro medio de pago</translation>
    </message>
    <message>
        <source>Declined: insufficient funds — ask for another card</source>
        <translation>Rechazado: fondos insuficientes — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Declined: card expired — ask for another card</source>
        <translation>Rechazado: tarjeta caducada — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Declined: security code incorrect — check it and try again</source>
        <translation>Rechazado: código de seguridad incorrecto — revísalo y reintenta</translation>
    </message>
    <message>
        <source>Declined: card number incorrect — check it and try again</source>
        <translation>Rechazado: número de tarjeta incorrecto — revísalo y reintenta</translation>
    </message>
    <message>
        <source>Declined: expiry date incorrect — check it and try again</source>
        <translation>Rechazado: fecha de caducidad incorrecta — revísala y reintenta</translation>
    </message>
    <message>
        <source>Declined: postal code doesn&apos;t match — check it and try again</source>
        <translation>Rechazado: el código postal no coincide — revísalo y reintenta</translation>
    </message>
    <message>
        <source>Card couldn&apos;t be processed — try again</source>
        <translation>No se pudo procesar la tarjeta — reintenta</translation>
    </message>
    <message>
        <source>Card issuer not reachable — try again or use another card</source>
        <translation>El emisor de la tarjeta no responde — reintenta o usa otra tarjeta</translation>
    </message>
    <message>
        <source>Declined by the bank — ask for another card</source>
        <translation>Rechazado por el banco — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Declined — ask for another card</source>
        <translation>Rechazado — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Declined: this card isn&apos;t supported here — ask for another card</source>
        <translation>Rechazado: esta tarjeta no se admite aquí — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Declined: card can&apos;t pay in this currency — ask for another card</source>
        <translation>Rechazado: la tarjeta no puede pagar en esta moneda — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Declined: card limit reached — ask for another card</source>
        <translation>Rechazado: límite de la tarjeta alcanzado — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Declined: wrong PIN — ask the customer to try again</source>
        <translation>Rechazado: PIN incorrecto — pide al cliente que reintente</translation>
    </message>
    <message>
        <source>Declined: too many PIN attempts — ask for another card</source>
        <translation>Rechazado: demasiados intentos de PIN — pide otra tarjeta</translation>
    </message>
    <message>
        <source>Card needs its PIN — ask the customer to insert the card</source>
        <translation>La tarjeta requiere su PIN — pide al cliente que la inserte</translation>
    </message>
    <message>
        <source>Card needs the customer present — use the card reader</source>
        <translation>La tarjeta requiere al cliente presente — usa el lector</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Demo controls: the customer, the reader, the status page.</source>
        <translation>Controles de demostración: el cliente, el lector, la página de estado.</translation>
    </message>
    <message>
        <source>{folder} is not a demo data folder (it holds {files}). The demo never opens a shop&apos;s data: nothing was changed. Run the demo without --data-dir, or give it an empty folder.</source>
        <translation>{folder} no es una carpeta de datos de demostración (contiene {files}). La demostración nunca abre los datos de una tienda: no se ha cambiado nada. Ejecuta la demostración sin --data-dir o dale una carpeta vacía.</translation>
    </message>
    <message>
        <source>{folder} holds the demo&apos;s data (documented PINs, simulated payments), so a shop&apos;s till will not use it. Use `run --demo` for it, or choose another data folder for the shop.</source>
        <translation>{folder} contiene los datos de la demostración (PIN documentados, pagos simulados), así que la caja de una tienda no los usará. Usa `run --demo` para ellos o elige otra carpeta de datos para la tienda.</translation>
    </message>
    <message>
        <source>This database belongs to a demo till, not a shop&apos;s one; it was not used. Run it with --demo.</source>
        <translation>Esta base de datos es de una caja de demostración, no de una tienda; no se ha usado. Ejecútala con --demo.</translation>
    </message>
    <message>
        <source>This database belongs to a shop&apos;s till, not a demo one; it was not used. The demo never opens a shop&apos;s database.</source>
        <translation>Esta base de datos es de la caja de una tienda, no de demostración; no se ha usado. La demostración nunca abre la base de datos de una tienda.</translation>
    </message>
</context>
<context>
    <name>DemoPrinterPanel</name>
    <message>
        <source>Demo receipt printer</source>
        <translation>Impresora de tickets de demostración</translation>
    </message>
    <message>
        <source>Paper out</source>
        <translation>Sin papel</translation>
    </message>
    <message>
        <source>Paper low</source>
        <translation>Poco papel</translation>
    </message>
    <message>
        <source>Cover open</source>
        <translation>Tapa abierta</translation>
    </message>
    <message>
        <source>Demo: the printer runs out of paper.</source>
        <translation>Demo: la impresora se queda sin papel.</translation>
    </message>
    <message>
        <source>Demo: the paper roll is nearly finished.</source>
        <translation>Demo: el rollo de papel está casi acabado.</translation>
    </message>
    <message>
        <source>Demo: the printer&apos;s cover is open.</source>
        <translation>Demo: la tapa de la impresora está abierta.</translation>
    </message>
    <message>
        <source>Close drawer</source>
        <translation>Cerrar cajón</translation>
    </message>
    <message>
        <source>Demo: close the cash drawer.</source>
        <translation>Demo: cierra el cajón.</translation>
    </message>
    <message>
        <source>Last receipt printed:</source>
        <translation>Último ticket impreso:</translation>
    </message>
    <message>
        <source>Cash drawer open — opened {count} time(s)</source>
        <translation>Cajón abierto — abierto {count} vez/veces</translation>
    </message>
    <message>
        <source>Cash drawer closed — opened {count} time(s)</source>
        <translation>Cajón cerrado — abierto {count} vez/veces</translation>
    </message>
    <message>
        <source>(nothing printed yet)</source>
        <translation>(aún no se ha impreso nada)</translation>
    </message>
</context>
<context>
    <name>DemoReaderPanel</name>
    <message>
        <source>Visa 4242 — approved</source>
        <translation>Visa 4242 — aprobado</translation>
    </message>
    <message>
        <source>Mastercard 4444 — approved</source>
        <translation>Mastercard 4444 — aprobado</translation>
    </message>
    <message>
        <source>Amex 0005 — approved</source>
        <translation>Amex 0005 — aprobado</translation>
    </message>
    <message>
        <source>Declined — generic</source>
        <translation>Rechazado — genérico</translation>
    </message>
    <message>
        <source>Declined — insufficient funds</source>
        <translation>Rechazado — fondos insuficientes</translation>
    </message>
    <message>
        <source>Declined — lost card</source>
        <translation>Rechazado — tarjeta perdida</translation>
    </message>
    <message>
        <source>Declined — stolen card</source>
        <translation>Rechazado — tarjeta robada</translation>
    </message>
    <message>
        <source>Declined — expired card</source>
        <translation>Rechazado — tarjeta caducada</translation>
    </message>
    <message>
        <source>Declined — processing error</source>
        <translation>Rechazado — error de procesamiento</translation>
    </message>
    <message>
        <source>Demo reader — the customer&apos;s side</source>
        <translation>Lector de demostración — lado del cliente</translation>
    </message>
    <message>
        <source>Demo: the test card the customer holds.</source>
        <translation>Demo: la tarjeta de prueba que tiene el cliente.</translation>
    </message>
    <message>
        <source>Test card</source>
        <translation>Tarjeta de prueba</translation>
    </message>
    <message>
        <source>Tap card</source>
        <translation>Acercar tarjeta</translation>
    </message>
    <message>
        <source>Demo: the customer taps the card.</source>
        <translation>Demo: el cliente acerca la tarjeta.</translation>
    </message>
    <message>
        <source>Customer cancels</source>
        <translation>El cliente cancela</translation>
    </message>
    <message>
        <source>Demo: the customer presses cancel on the reader.</source>
        <translation>Demo: el cliente pulsa cancelar en el lector.</translation>
    </message>
    <message>
        <source>Reader offline</source>
        <translation>Lector sin conexión</translation>
    </message>
    <message>
        <source>Demo: the card reader stops answering.</source>
        <translation>Demo: el lector deja de responder.</translation>
    </message>
    <message>
        <source>Stripe API down</source>
        <translation>API de Stripe caída</translation>
    </message>
    <message>
        <source>Demo: Stripe answers every call with an error.</source>
        <translation>Demo: Stripe responde a cada llamada con un error.</translation>
    </message>
    <message>
        <source>Customer tapped {card}</source>
        <translation>El cliente acercó {card}</translation>
    </message>
    <message>
        <source>Customer pressed cancel on the reader</source>
        <translation>El cliente pulsó cancelar en el lector</translation>
    </message>
    <message>
        <source>The reader is not waiting for a card ({error})</source>
        <translation>El lector no está esperando una tarjeta ({error})</translation>
    </message>
    <message>
        <source>Reader offline: {state}</source>
        <translation>Lector sin conexión: {state}</translation>
    </message>
    <message>
        <source>Stripe API down (503): {state}</source>
        <translation>API de Stripe caída (503): {state}</translation>
    </message>
    <message>
        <source>on</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>off</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>DemoScreen</name>
    <message>
        <source>Demo controls: play the customer, the card reader and the status page.</source>
        <translation>Controles de demostración: simula el cliente, el lector y la página de estado.</translation>
    </message>
    <message>
        <source>Demo controls. Nothing here exists on a real till: these buttons play the customer, the card reader and Stripe&apos;s status page so you can rehearse an incident.</source>
        <translation>Controles de demostración. Nada de esto existe en una caja real: estos botones simulan el cliente, el lector y la página de estado de Stripe para que puedas ensayar una incidencia.</translation>
    </message>
</context>
<context>
    <name>DemoStatusPanel</name>
    <message>
        <source>Demo: status page</source>
        <translation>Demo: página de estado</translation>
    </message>
    <message>
        <source>Demo: play Stripe&apos;s status page.</source>
        <translation>Demo: simula la página de estado de Stripe.</translation>
    </message>
    <message>
        <source>Start incident</source>
        <translation>Iniciar incidencia</translation>
    </message>
    <message>
        <source>Demo: the status page reports the card reader incident.</source>
        <translation>Demo: la página de estado informa de la incidencia del lector.</translation>
    </message>
    <message>
        <source>Post update</source>
        <translation>Publicar actualización</translation>
    </message>
    <message>
        <source>Demo: the next update of the incident.</source>
        <translation>Demo: la siguiente actualización de la incidencia.</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Resolver</translation>
    </message>
    <message>
        <source>Demo: the incident is resolved.</source>
        <translation>Demo: la incidencia se ha resuelto.</translation>
    </message>
    <message>
        <source>Schedule maintenance</source>
        <translation>Programar mantenimiento</translation>
    </message>
    <message>
        <source>Demo: a card reader maintenance window in an hour.</source>
        <translation>Demo: mantenimiento del lector dentro de una hora.</translation>
    </message>
    <message>
        <source>No incident posted.</source>
        <translation>No hay incidencia publicada.</translation>
    </message>
    <message>
        <source>Incident posted: {name}</source>
        <translation>Incidencia publicada: {name}</translation>
    </message>
    <message>
        <source>Update posted: {status}</source>
        <translation>Actualización publicada: {status}</translation>
    </message>
    <message>
        <source>Incident resolved.</source>
        <translation>Incidencia resuelta.</translation>
    </message>
    <message>
        <source>Maintenance scheduled: {name}</source>
        <translation>Mantenimiento programado: {name}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Procesando…</translation>
    </message>
    <message>
        <source>Could not {step}: {error}</source>
        <translation>No se pudo {step}: {error}</translation>
    </message>
</context>
<context>
    <name>Discount</name>
    <message>
        <source>A discount must be a positive whole number.</source>
        <translation>Un descuento debe ser un número entero positivo.</translation>
    </message>
    <message>
        <source>A percentage discount cannot exceed 100 %.</source>
        <translation>Un descuento porcentual no puede superar el 100 %.</translation>
    </message>
    <message>
        <source>A discount of {discount} is more than the {base} it applies to.</source>
        <translation>Un descuento de {discount} supera los {base} a los que se aplica.</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>Comp 100%</source>
        <translation>Invitar 100%</translation>
    </message>
    <message>
        <source>Choose a discount: a percentage, or an amount typed on the keypad.</source>
        <translation>Elige un descuento: un porcentaje o un importe tecleado en el teclado numérico.</translation>
    </message>
    <message>
        <source>Take {percent} off.</source>
        <translation>Descontar {percent}.</translation>
    </message>
    <message>
        <source>Or an amount off:</source>
        <translation>O un importe:</translation>
    </message>
    <message>
        <source>The amount off, typed on the keypad or the keyboard.</source>
        <translation>El importe a descontar, tecleado en el teclado numérico o en el teclado.</translation>
    </message>
    <message>
        <source>Amount off</source>
        <translation>Importe a descontar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without a discount (Escape).</source>
        <translation>Cerrar sin descuento (Esc).</translation>
    </message>
    <message>
        <source>Take amount off</source>
        <translation>Descontar importe</translation>
    </message>
    <message>
        <source>Take the amount typed off (Enter).</source>
        <translation>Descontar el importe tecleado (Enter).</translation>
    </message>
</context>
<context>
    <name>DisplayPage</name>
    <message>
        <source>Display and language</source>
        <translation>Pantalla e idioma</translation>
    </message>
    <message>
        <source>The language of the screens and receipts, how money and dates are written, the high-contrast theme, and full screen (the counter) or a window (the back office). The theme and the window change at once; the language and formats from the till&apos;s next start.</source>
        <translation>El idioma de las pantallas y los tickets, cómo se escriben el dinero y las fechas, el tema de alto contraste y pantalla completa (el mostrador) o ventana (la trastienda). El tema y la ventana cambian al momento; el idioma y los formatos, al siguiente inicio de la caja.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The language of screens and receipts.</source>
        <translation>El idioma de las pantallas y los tickets.</translation>
    </message>
    <message>
        <source>Money and dates</source>
        <translation>Dinero y fechas</translation>
    </message>
    <message>
        <source>The region whose way of writing money, numbers and dates the till uses.</source>
        <translation>La región cuyo formato de dinero, números y fechas usa la caja.</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>High contrast: white on black, large frames.</source>
        <translation>Alto contraste: blanco sobre negro, marcos grandes.</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Estándar</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>Full screen at the counter; a window in the back office.</source>
        <translation>Pantalla completa en el mostrador; ventana en la trastienda.</translation>
    </message>
    <message>
        <source>Full screen (kiosk)</source>
        <translation>Pantalla completa (quiosco)</translation>
    </message>
    <message>
        <source>A window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>Saved. The language and formats change at the next start.</source>
        <translation>Guardado. El idioma y los formatos cambian al siguiente inicio.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>Drawer</name>
    <message>
        <source>No cash drawer connected</source>
        <translation>No hay cajón conectado</translation>
    </message>
    <message>
        <source>Drawer opened (no sale)</source>
        <translation>Cajón abierto (sin venta)</translation>
    </message>
    <message>
        <source>Drawer did not open: {reason}</source>
        <translation>El cajón no se abrió: {reason}</translation>
    </message>
    <message>
        <source>Drawer opened</source>
        <translation>Cajón abierto</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>El importe debe ser mayor que cero.</translation>
    </message>
    <message>
        <source>Say why the cash goes in or out (a reason is kept with it).</source>
        <translation>Indica por qué entra o sale el efectivo (el motivo se guarda con él).</translation>
    </message>
    <message>
        <source>No drawer session is open: open the drawer with its float first.</source>
        <translation>No hay ninguna sesión de cajón abierta: abre primero el cajón con su fondo de caja.</translation>
    </message>
    <message>
        <source>The count is in {counted}, the till in {till}.</source>
        <translation>El recuento da {counted}; la caja, {till}.</translation>
    </message>
    <message>
        <source>There is no such drawer session on this till.</source>
        <translation>No existe esa sesión de cajón en esta caja.</translation>
    </message>
    <message>
        <source>A drawer session is already open on this till: close it first.</source>
        <translation>Ya hay una sesión de cajón abierta en esta caja: ciérrala primero.</translation>
    </message>
    <message>
        <source>The drawer session is not open.</source>
        <translation>La sesión de cajón no está abierta.</translation>
    </message>
</context>
<context>
    <name>DrawerScreen</name>
    <message>
        <source>Cash drawer</source>
        <translation>Cajón</translation>
    </message>
    <message>
        <source>Drawer state</source>
        <translation>Estado del cajón</translation>
    </message>
    <message>
        <source>What the drawer should hold</source>
        <translation>Lo que debería haber en el cajón</translation>
    </message>
    <message>
        <source>Count by note and coin</source>
        <translation>Recuento por billetes y monedas</translation>
    </message>
    <message>
        <source>Counted total</source>
        <translation>Total contado</translation>
    </message>
    <message>
        <source>Open drawer with this float</source>
        <translation>Abrir cajón con este fondo</translation>
    </message>
    <message>
        <source>Opens a drawer session with the counted notes and coins as its float</source>
        <translation>Abre una sesión de cajón con los billetes y monedas contados como fondo de caja</translation>
    </message>
    <message>
        <source>Record count</source>
        <translation>Registrar recuento</translation>
    </message>
    <message>
        <source>Records the counted cash and shows the variance; the drawer stays open</source>
        <translation>Registra el efectivo contado y muestra la diferencia; el cajón sigue abierto</translation>
    </message>
    <message>
        <source>Close drawer with this count</source>
        <translation>Cerrar cajón con este recuento</translation>
    </message>
    <message>
        <source>Closes the drawer session with the counted cash</source>
        <translation>Cierra la sesión de cajón con el efectivo contado</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Paid in or out amount</source>
        <translation>Importe de entrada o salida</translation>
    </message>
    <message>
        <source>The cash put in or taken out, e.g. 12.50</source>
        <translation>El efectivo que entra o sale, p. ej. 12.50</translation>
    </message>
    <message>
        <source>Reason (kept with it)</source>
        <translation>Motivo (se guarda)</translation>
    </message>
    <message>
        <source>Reason for paid in or out</source>
        <translation>Motivo de la entrada o salida</translation>
    </message>
    <message>
        <source>Why the cash goes in or out; kept with it</source>
        <translation>Por qué entra o sale el efectivo; se guarda con él</translation>
    </message>
    <message>
        <source>Paid in</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Records the amount put into the drawer</source>
        <translation>Registra el importe que entra en el cajón</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Records the amount taken out of the drawer</source>
        <translation>Registra el importe que sale del cajón</translation>
    </message>
    <message>
        <source>Drawer message</source>
        <translation>Mensaje del cajón</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Returns to the manager&apos;s screen</source>
        <translation>Vuelve a la pantalla del encargado</translation>
    </message>
    <message>
        <source>Counted: {0}</source>
        <translation>Contado: {0}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>The drawer is closed. Count the float and open it.</source>
        <translation>El cajón está cerrado. Cuenta el fondo de caja y ábrelo.</translation>
    </message>
    <message>
        <source>Drawer session {0} is open.</source>
        <translation>La sesión de cajón {0} está abierta.</translation>
    </message>
    <message>
        <source>Float {0} + cash sales {1} − cash refunds {2} + paid in {3} − paid out {4} = expected {5}. Last count {6}, variance {7}.</source>
        <translation>Fondo {0} + ventas en efectivo {1} − reembolsos en efectivo {2} + entradas {3} − salidas {4} = esperado {5}. Último recuento {6}, diferencia {7}.</translation>
    </message>
    <message>
        <source>Closed: expected {0}, counted {1}, variance {2}.</source>
        <translation>Cerrado: esperado {0}, contado {1}, diferencia {2}.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Enter the amount, e.g. 12.50</source>
        <translation>Introduce el importe, p. ej. 12.50</translation>
    </message>
    <message>
        <source>The cash drawer needs a shift lead or a manager.</source>
        <translation>El cajón requiere un jefe de turno o un encargado.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>The export looked like it held a card number; nothing was written.</source>
        <translation>La exportación parecía contener un número de tarjeta; no se ha escrito nada.</translation>
    </message>
</context>
<context>
    <name>Failure</name>
    <message>
        <source>Card reader is offline — check its power and network, or take the payment another way</source>
        <translation>El lector está sin conexión — revisa su alimentación y la red, o cobra de otra forma</translation>
    </message>
    <message>
        <source>Card reader did not respond — try again or take the payment another way</source>
        <translation>El lector no respondió — inténtalo de nuevo o cobra de otra forma</translation>
    </message>
    <message>
        <source>Card reader is busy with another payment — wait a moment and try again</source>
        <translation>El lector está ocupado con otro pago — espera un momento y vuelve a intentarlo</translation>
    </message>
    <message>
        <source>Card reader has a hardware fault — restart it or take the payment another way</source>
        <translation>El lector tiene un fallo de hardware — reinícialo o cobra de otra forma</translation>
    </message>
    <message>
        <source>Can&apos;t reach Stripe — check the internet, or switch to offline payments</source>
        <translation>No se puede conectar con Stripe — revisa internet o cambia a pagos sin conexión</translation>
    </message>
    <message>
        <source>Stripe is having problems — try again, or switch to offline payments</source>
        <translation>Stripe tiene problemas — inténtalo de nuevo o cambia a pagos sin conexión</translation>
    </message>
    <message>
        <source>Stripe is busy — wait a moment and try again</source>
        <translation>Stripe está ocupado — espera un momento y vuelve a intentarlo</translation>
    </message>
    <message>
        <source>Card declined</source>
        <translation>Tarjeta rechazada</translation>
    </message>
</context>
<context>
    <name>FirstManagerDialog</name>
    <message>
        <source>Set up the first manager</source>
        <translation>Configurar el primer encargado</translation>
    </message>
    <message>
        <source>Create the first manager of this till: a name and a PIN, twice.</source>
        <translation>Crea el primer encargado de esta caja: un nombre y un PIN, dos veces.</translation>
    </message>
    <message>
        <source>No staff are set up on this till yet. Create the first manager account.</source>
        <translation>Aún no hay personal configurado en esta caja. Crea la primera cuenta de encargado.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>The manager&apos;s name.</source>
        <translation>El nombre del encargado.</translation>
    </message>
    <message>
        <source>PIN (4 to 8 digits)</source>
        <translation>PIN (de 4 a 8 dígitos)</translation>
    </message>
    <message>
        <source>The manager&apos;s PIN, 4 to 8 digits.</source>
        <translation>El PIN del encargado, de 4 a 8 dígitos.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Repetir PIN</translation>
    </message>
    <message>
        <source>The same PIN once more.</source>
        <translation>El mismo PIN otra vez.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Close the till without setting it up.</source>
        <translation>Cerrar la caja sin configurarla.</translation>
    </message>
    <message>
        <source>Create manager</source>
        <translation>Crear encargado</translation>
    </message>
    <message>
        <source>Create the manager and continue (Enter).</source>
        <translation>Crear el encargado y continuar (Enter).</translation>
    </message>
    <message>
        <source>Enter a name.</source>
        <translation>Introduce un nombre.</translation>
    </message>
    <message>
        <source>The PIN is 4 to 8 digits.</source>
        <translation>El PIN tiene de 4 a 8 dígitos.</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Los dos PIN no coinciden.</translation>
    </message>
</context>
<context>
    <name>Forwarder</name>
    <message>
        <source>Declined after forwarding: {reason}</source>
        <translation>Rechazado tras el envío: {reason}</translation>
    </message>
    <message>
        <source>Past its 24-hour deadline and the card number is still stored — decide now: {reason}</source>
        <translation>Superado el plazo de 24 horas y el número de tarjeta sigue guardado — decide ahora: {reason}</translation>
    </message>
    <message>
        <source>Needs a decision: {reason}</source>
        <translation>Requiere una decisión: {reason}</translation>
    </message>
</context>
<context>
    <name>Guidance</name>
    <message>
        <source>Card payments may fail. Switch to offline payments (or take cash) and keep selling; everything else on the till still works.</source>
        <translation>Los pagos con tarjeta pueden fallar. Cambia a pagos sin conexión (o cobra en efectivo) y sigue vendiendo; todo lo demás de la caja sigue funcionando.</translation>
    </message>
    <message>
        <source>Card payments may be slow or fail. If a payment fails, switch to offline payments.</source>
        <translation>Los pagos con tarjeta pueden ir lentos o fallar. Si un pago falla, cambia a pagos sin conexión.</translation>
    </message>
    <message>
        <source>Planned maintenance by the payment provider. If card payments fail, switch to offline payments.</source>
        <translation>Mantenimiento programado del proveedor de pagos. Si fallan los pagos con tarjeta, cambia a pagos sin conexión.</translation>
    </message>
    <message>
        <source>For information. No action needed unless card payments fail.</source>
        <translation>Solo informativo. No hace falta hacer nada salvo que fallen los pagos con tarjeta.</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>The keys that work on each screen</source>
        <translation>Las teclas que funcionan en cada pantalla</translation>
    </message>
    <message>
        <source>Each key and what it does</source>
        <translation>Cada tecla y lo que hace</translation>
    </message>
    <message>
        <source>Keys list</source>
        <translation>Lista de teclas</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Closes the list of keys</source>
        <translation>Cierra la lista de teclas</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <source>A stored card payment on order {number} was declined when it was sent: {due} is due. Take another payment, record cash collected, or write it off — refunds and voids wait until then.</source>
        <translation>Un pago con tarjeta guardado del pedido {number} fue rechazado al enviarlo: quedan {due} pendientes. Cobra de otra forma, registra el efectivo cobrado o dalo por perdido — los reembolsos y anulaciones esperan hasta entonces.</translation>
    </message>
    <message>
        <source>Order {number} was not paid in full when the till stopped: {due} is due. Take another payment, record cash collected, or write it off — refunds and voids wait until then.</source>
        <translation>El pedido {number} no se pagó entero cuando se detuvo la caja: quedan {due} pendientes. Cobra de otra forma, registra el efectivo cobrado o dalo por perdido — los reembolsos y anulaciones esperan hasta entonces.</translation>
    </message>
    <message>
        <source>The orders of this business day: receipts, voids, refunds and balances due.</source>
        <translation>Los pedidos de esta jornada: tickets, anulaciones, reembolsos y saldos pendientes.</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Orders of the day</source>
        <translation>Pedidos del día</translation>
    </message>
    <message>
        <source>Orders message</source>
        <translation>Mensaje de pedidos</translation>
    </message>
    <message>
        <source>Back to till</source>
        <translation>Volver a la caja</translation>
    </message>
    <message>
        <source>Back to selling (Escape).</source>
        <translation>Volver a vender (Esc).</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Read the orders again.</source>
        <translation>Volver a leer los pedidos.</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Show the selected order&apos;s receipt (Enter).</source>
        <translation>Mostrar el ticket del pedido seleccionado (Enter).</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Anular</translation>
    </message>
    <message>
        <source>Void the selected order (a manager&apos;s PIN for a barista).</source>
        <translation>Anular el pedido seleccionado (PIN de encargado para un barista).</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Reembolsar</translation>
    </message>
    <message>
        <source>Refund the selected order (a manager&apos;s PIN for a barista).</source>
        <translation>Reembolsar el pedido seleccionado (PIN de encargado para un barista).</translation>
    </message>
    <message>
        <source>What is owed</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Take payment</source>
        <translation>Cobrar</translation>
    </message>
    <message>
        <source>Take the balance due of the selected order on the till.</source>
        <translation>Cobrar en la caja el saldo pendiente del pedido seleccionado.</translation>
    </message>
    <message>
        <source>Cash collected</source>
        <translation>Cobrado en efectivo</translation>
    </message>
    <message>
        <source>A manager collected the balance due in cash.</source>
        <translation>Un encargado cobró el saldo pendiente en efectivo.</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Dar por perdido</translation>
    </message>
    <message>
        <source>Write the balance due off (a manager decides).</source>
        <translation>Dar por perdido el saldo pendiente (decide un encargado).</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>The orders could not be read: {error}</source>
        <translation>No se pudieron leer los pedidos: {error}</translation>
    </message>
    <message>
        <source>Void of order {number}…</source>
        <translation>Anulación del pedido {number}…</translation>
    </message>
    <message>
        <source>Refund of order {number}…</source>
        <translation>Reembolso del pedido {number}…</translation>
    </message>
    <message>
        <source>Void order {number} ({total}) needs a manager.</source>
        <translation>Anular el pedido {number} ({total}) requiere un encargado.</translation>
    </message>
    <message>
        <source>Refund order {number} ({total}) needs a manager.</source>
        <translation>Reembolsar el pedido {number} ({total}) requiere un encargado.</translation>
    </message>
    <message>
        <source>Order {number} is now {status}.</source>
        <translation>El pedido {number} ahora está {status}.</translation>
    </message>
    <message>
        <source>Opening order {number}…</source>
        <translation>Abriendo el pedido {number}…</translation>
    </message>
    <message>
        <source>Record {due} collected in cash on order {number}…</source>
        <translation>Registrar {due} cobrados en efectivo en el pedido {number}…</translation>
    </message>
    <message>
        <source>Record {due} collected in cash on order {number}: a manager decides.</source>
        <translation>Registrar {due} cobrados en efectivo en el pedido {number}: decide un encargado.</translation>
    </message>
    <message>
        <source>Write off the {due} due on order {number}…</source>
        <translation>Dar por perdidos los {due} pendientes del pedido {number}…</translation>
    </message>
    <message>
        <source>Write off the {due} due on order {number}: a manager decides.</source>
        <translation>Dar por perdidos los {due} pendientes del pedido {number}: decide un encargado.</translation>
    </message>
</context>
<context>
    <name>HourlyChart</name>
    <message>
        <source>Sales by hour chart</source>
        <translation>Gráfico de ventas por hora</translation>
    </message>
    <message>
        <source>No sales</source>
        <translation>Sin ventas</translation>
    </message>
    <message>
        <source>Sales by hour</source>
        <translation>Ventas por hora</translation>
    </message>
</context>
<context>
    <name>IncidentBanner</name>
    <message>
        <source>Switch to offline payments</source>
        <translation>Pasar a pagos sin conexión</translation>
    </message>
    <message>
        <source>Manual card entry</source>
        <translation>Entrada manual de tarjeta</translation>
    </message>
    <message>
        <source>Go back online</source>
        <translation>Volver a conectar</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Store card payments on this till and send them when Stripe is back.</source>
        <translation>Guarda los pagos con tarjeta en esta caja y los envía cuando Stripe vuelva.</translation>
    </message>
    <message>
        <source>Key the customer&apos;s card in on the till.</source>
        <translation>Teclea en la caja la tarjeta del cliente.</translation>
    </message>
    <message>
        <source>Take card payments through Stripe again; stored payments are sent.</source>
        <translation>Cobra de nuevo con tarjeta a través de Stripe; se envían los pagos guardados.</translation>
    </message>
    <message>
        <source>Every update of this incident and where it came from.</source>
        <translation>Cada actualización de esta incidencia y su origen.</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>ahora mismo</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>hace {minutes} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min ago</source>
        <translation>hace {hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{hours} h ago</source>
        <translation>hace {hours} h</translation>
    </message>
    <message>
        <source>1 day ago</source>
        <translation>hace 1 día</translation>
    </message>
    <message>
        <source>{days} days ago</source>
        <translation>hace {days} días</translation>
    </message>
    <message>
        <source>posted {age} · {time}</source>
        <translation>publicado {age} · {time}</translation>
    </message>
    <message>
        <source>scheduled from {start}</source>
        <translation>programado desde {start}</translation>
    </message>
    <message>
        <source>scheduled {start}–{end}</source>
        <translation>programado {start}–{end}</translation>
    </message>
    <message>
        <source>status unknown — not checked yet</source>
        <translation>estado desconocido — aún sin comprobar</translation>
    </message>
    <message>
        <source>status unknown — last checked {time}</source>
        <translation>estado desconocido — última comprobación {time}</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>Entendido</translation>
    </message>
    <message>
        <source>Hide this banner until something changes</source>
        <translation>Ocultar este aviso hasta que algo cambie</translation>
    </message>
    <message>
        <source>Show the incident banner again</source>
        <translation>Mostrar de nuevo el aviso de incidencia</translation>
    </message>
    <message>
        <source>Incident banner (hidden)</source>
        <translation>Aviso de incidencia (oculto)</translation>
    </message>
    <message>
        <source>this till</source>
        <translation>esta caja</translation>
    </message>
    <message>
        <source>{severity}: {title}</source>
        <translation>{severity}: {title}</translation>
    </message>
    <message>
        <source>{update} {guidance} (source: {source})</source>
        <translation>{update} {guidance} (fuente: {source})</translation>
    </message>
    <message>
        <source>Source: {source}</source>
        <translation>Fuente: {source}</translation>
    </message>
    <message>
        <source> · status unknown</source>
        <translation> · estado desconocido</translation>
    </message>
    <message>
        <source>{severity}: {title}. Tap to show details.</source>
        <translation>{severity}: {title}. Toca para ver detalles.</translation>
    </message>
</context>
<context>
    <name>IncidentBoard</name>
    <message>
        <source>Resolved: {title}</source>
        <translation>Resuelta: {title}</translation>
    </message>
    <message>
        <source>{source} no longer reports a problem with the watched components.</source>
        <translation>{source} ya no informa de problemas en los componentes vigilados.</translation>
    </message>
    <message>
        <source>Card payments should work again. Go back online when you are ready.</source>
        <translation>Los pagos con tarjeta deberían funcionar de nuevo. Vuelve a conectar cuando quieras.</translation>
    </message>
</context>
<context>
    <name>IncidentDetailDialog</name>
    <message>
        <source>This till&apos;s own checks (card reader and payment service)</source>
        <translation>Comprobaciones propias de esta caja (lector y servicio de pago)</translation>
    </message>
    <message>
        <source>Status page: {source}</source>
        <translation>Página de estado: {source}</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Actualización</translation>
    </message>
    <message>
        <source>{status} — {time} ({age})</source>
        <translation>{status} — {time} ({age})</translation>
    </message>
    <message>
        <source>Incident details</source>
        <translation>Detalles de la incidencia</translation>
    </message>
    <message>
        <source>Every update of the incident, where it came from, and what else is reported.</source>
        <translation>Cada actualización de la incidencia, su origen y qué más se informa.</translation>
    </message>
    <message>
        <source>No incident right now.</source>
        <translation>Ninguna incidencia ahora.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close the details (Escape).</source>
        <translation>Cerrar los detalles (Esc).</translation>
    </message>
    <message>
        <source>More on the status page: {link}</source>
        <translation>Más en la página de estado: {link}</translation>
    </message>
    <message>
        <source>Updates (newest first)</source>
        <translation>Actualizaciones (recientes primero)</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>Última</translation>
    </message>
    <message>
        <source>Also reported right now</source>
        <translation>También informado ahora</translation>
    </message>
    <message>
        <source>this till</source>
        <translation>esta caja</translation>
    </message>
    <message>
        <source> — status unknown</source>
        <translation> — estado desconocido</translation>
    </message>
    <message>
        <source>Status unknown for: {feeds}</source>
        <translation>Estado desconocido de: {feeds}</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(sin texto)</translation>
    </message>
</context>
<context>
    <name>IncidentStatus</name>
    <message>
        <source>Investigating</source>
        <translation>Investigando</translation>
    </message>
    <message>
        <source>Identified</source>
        <translation>Identificada</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>En observación</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>Postmortem</source>
        <translation>Análisis posterior</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programado</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Verificando</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Keypad: type digits here or on the keyboard.</source>
        <translation>Teclado numérico: teclea los dígitos aquí o en el teclado.</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Teclado numérico</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Borrar el último dígito</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Delete the last digit typed (Backspace).</source>
        <translation>Borrar el último dígito tecleado (Retroceso).</translation>
    </message>
    <message>
        <source>Clear everything typed (Delete).</source>
        <translation>Borrar todo lo tecleado (Supr).</translation>
    </message>
    <message>
        <source>Type {digits}.</source>
        <translation>Teclear {digits}.</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>Everywhere</source>
        <translation>En todas partes</translation>
    </message>
    <message>
        <source>This list of keys</source>
        <translation>Esta lista de teclas</translation>
    </message>
    <message>
        <source>Next / previous control</source>
        <translation>Control siguiente / anterior</translation>
    </message>
    <message>
        <source>Press the focused button</source>
        <translation>Pulsar el botón con el foco</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>Type the PIN</source>
        <translation>Teclear el PIN</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Borrar el último dígito</translation>
    </message>
    <message>
        <source>Clear the PIN</source>
        <translation>Borrar el PIN</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Vender</translation>
    </message>
    <message>
        <source>Next / previous category</source>
        <translation>Categoría siguiente / anterior</translation>
    </message>
    <message>
        <source>Category 1 to 9</source>
        <translation>Categoría 1 a 9</translation>
    </message>
    <message>
        <source>Move between the menu&apos;s items</source>
        <translation>Moverse entre los artículos de la carta</translation>
    </message>
    <message>
        <source>Add the focused item to the order</source>
        <translation>Añadir al pedido el artículo con el foco</translation>
    </message>
    <message>
        <source>One more / one less of the selected line (the one just added)</source>
        <translation>Uno más / uno menos en la línea seleccionada (la recién añadida)</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Quitar la línea seleccionada</translation>
    </message>
    <message>
        <source>Select the line above / below</source>
        <translation>Seleccionar la línea de arriba / abajo</translation>
    </message>
    <message>
        <source>Discount on the whole order</source>
        <translation>Descuento en todo el pedido</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Cobrar</translation>
    </message>
    <message>
        <source>Item options</source>
        <translation>Opciones del artículo</translation>
    </message>
    <message>
        <source>Choose the options</source>
        <translation>Elegir las opciones</translation>
    </message>
    <message>
        <source>Add the item with the options chosen</source>
        <translation>Añadir el artículo con las opciones elegidas</translation>
    </message>
    <message>
        <source>Do not add it</source>
        <translation>No añadirlo</translation>
    </message>
    <message>
        <source>Type the cash handed over</source>
        <translation>Teclear el efectivo entregado</translation>
    </message>
    <message>
        <source>Take cash: the amount typed, else the exact amount</source>
        <translation>Cobrar en efectivo: el importe tecleado o, si no, el importe exacto</translation>
    </message>
    <message>
        <source>Pay by card</source>
        <translation>Pagar con tarjeta</translation>
    </message>
    <message>
        <source>Tip: Ctrl+0 no tip, then the tip buttons in order</source>
        <translation>Propina: Ctrl+0 sin propina, luego los botones de propina en orden</translation>
    </message>
    <message>
        <source>Back to the order</source>
        <translation>Volver al pedido</translation>
    </message>
    <message>
        <source>Card payment</source>
        <translation>Pago con tarjeta</translation>
    </message>
    <message>
        <source>Charge; when approved, done; when not known, check again</source>
        <translation>Cobrar; si se aprueba, listo; si no se sabe, comprobar de nuevo</translation>
    </message>
    <message>
        <source>Cancel the payment on the reader</source>
        <translation>Cancelar el pago en el lector</translation>
    </message>
    <message>
        <source>Manager&apos;s PIN</source>
        <translation>PIN del encargado</translation>
    </message>
    <message>
        <source>Type the manager&apos;s PIN</source>
        <translation>Teclear el PIN del encargado</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Aprobar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Nuevo pedido</translation>
    </message>
    <message>
        <source>Print (again)</source>
        <translation>Imprimir (otra vez)</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Choose an order</source>
        <translation>Elegir un pedido</translation>
    </message>
    <message>
        <source>Show its receipt</source>
        <translation>Mostrar su ticket</translation>
    </message>
    <message>
        <source>Back to selling</source>
        <translation>Volver a vender</translation>
    </message>
</context>
<context>
    <name>Kiosk</name>
    <message>
        <source>Exit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Pantalla completa</translation>
    </message>
    <message>
        <source>Leave the full-screen till (a manager&apos;s PIN), or go back to full screen.</source>
        <translation>Salir de la caja a pantalla completa (PIN de encargado) o volver a pantalla completa.</translation>
    </message>
    <message>
        <source>Leaving the full-screen till is for managers. Ask a manager to enter their PIN.</source>
        <translation>Salir de la caja a pantalla completa es para encargados. Pide a un encargado que introduzca su PIN.</translation>
    </message>
</context>
<context>
    <name>KioskExitDialog</name>
    <message>
        <source>Leave full screen</source>
        <translation>Salir de pantalla completa</translation>
    </message>
    <message>
        <source>Use the till in a window (for the back office), or close it. Closing stops card payments and forwarding on this till until it is started again; nothing is lost.</source>
        <translation>Usa la caja en una ventana (para la trastienda) o ciérrala. Cerrarla detiene los pagos con tarjeta y los envíos en esta caja hasta que se vuelva a iniciar; no se pierde nada.</translation>
    </message>
    <message>
        <source>Use a window</source>
        <translation>Usar ventana</translation>
    </message>
    <message>
        <source>Show the till in an ordinary window instead of full screen.</source>
        <translation>Mostrar la caja en una ventana normal en vez de a pantalla completa.</translation>
    </message>
    <message>
        <source>Close the till</source>
        <translation>Cerrar la caja</translation>
    </message>
    <message>
        <source>Close the till program on this computer.</source>
        <translation>Cerrar el programa de caja en este ordenador.</translation>
    </message>
    <message>
        <source>Stay in full screen</source>
        <translation>Seguir a pantalla completa</translation>
    </message>
    <message>
        <source>Close this dialog and keep the till full screen.</source>
        <translation>Cerrar este diálogo y mantener la caja a pantalla completa.</translation>
    </message>
</context>
<context>
    <name>LocalHealth</name>
    <message>
        <source>The card reader is offline.</source>
        <translation>El lector está sin conexión.</translation>
    </message>
    <message>
        <source>The card reader did not answer in time.</source>
        <translation>El lector no respondió a tiempo.</translation>
    </message>
    <message>
        <source>The card reader reported a hardware error.</source>
        <translation>El lector informó de un error de hardware.</translation>
    </message>
    <message>
        <source>The payment service cannot be reached.</source>
        <translation>No se puede conectar con el servicio de pago.</translation>
    </message>
    <message>
        <source>The payment service keeps returning errors.</source>
        <translation>El servicio de pago sigue devolviendo errores.</translation>
    </message>
    <message>
        <source>Reader offline</source>
        <translation>Lector sin conexión</translation>
    </message>
    <message>
        <source>Reader timeout</source>
        <translation>Lector sin respuesta</translation>
    </message>
    <message>
        <source>Reader hardware error</source>
        <translation>Error de hardware del lector</translation>
    </message>
    <message>
        <source>Payment service unreachable</source>
        <translation>Servicio de pago inaccesible</translation>
    </message>
    <message>
        <source>Payment service errors</source>
        <translation>Errores del servicio de pagos</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>Recuperado</translation>
    </message>
    <message>
        <source>Card reader payments are failing. Key the card in with manual entry, or switch to offline payments; cash works as usual.</source>
        <translation>Los pagos con lector fallan. Teclea la tarjeta con la entrada manual o pasa a pagos sin conexión; el efectivo funciona como siempre.</translation>
    </message>
    <message>
        <source>The till cannot reach the payment service. Switch to offline payments (or take cash) and keep selling.</source>
        <translation>La caja no llega al servicio de pagos. Pasa a pagos sin conexión (o cobra en efectivo) y sigue vendiendo.</translation>
    </message>
    <message>
        <source>Card payments work again. Go back online when you are ready; offline payments will be sent.</source>
        <translation>Los pagos con tarjeta vuelven a funcionar. Vuelve a conectarte cuando quieras; se enviarán los pagos sin conexión.</translation>
    </message>
    <message>
        <source>Checks pass again.</source>
        <translation>Las comprobaciones vuelven a pasar.</translation>
    </message>
    <message>
        <source>Can&apos;t reach the payment service</source>
        <translation>No se llega al servicio de pagos</translation>
    </message>
    <message>
        <source>Card reader not responding</source>
        <translation>El lector no responde</translation>
    </message>
    <message>
        <source>Card payments are working again</source>
        <translation>Los pagos con tarjeta vuelven a funcionar</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Sign in: type your PIN on the keypad or the keyboard, then Enter.</source>
        <translation>Entrar: escribe tu PIN en el teclado numérico o en el teclado y pulsa Enter.</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <translation>Introduce tu PIN</translation>
    </message>
    <message>
        <source>PIN typed so far</source>
        <translation>PIN introducido hasta ahora</translation>
    </message>
    <message>
        <source>The till is getting ready; a PIN is taken once it is.</source>
        <translation>La caja se está preparando; acepta el PIN en cuanto esté lista.</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Iniciando</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>Check the PIN and sign in (Enter).</source>
        <translation>Comprobar el PIN y entrar (Enter).</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>That PIN did not work.</source>
        <translation>Ese PIN no es válido.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The till: the current screen, incident banner and status strip.</source>
        <translation>La caja: pantalla actual, aviso de incidencia y barra de estado.</translation>
    </message>
    <message>
        <source>{shop} — Dripos Terminal</source>
        <translation>{shop} — Dripos Terminal</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Sin sesión</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>Last order {number}</source>
        <translation>Último pedido {number}</translation>
    </message>
</context>
<context>
    <name>ManagerHome</name>
    <message>
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Encargado</translation>
    </message>
    <message>
        <source>Manager screens</source>
        <translation>Pantallas de encargado</translation>
    </message>
    <message>
        <source>Opened by {0}</source>
        <translation>Abierto por {0}</translation>
    </message>
    <message>
        <source>Opened for {0} with {1}&apos;s PIN</source>
        <translation>Abierto para {0} con el PIN de {1}</translation>
    </message>
    <message>
        <source>The manager screens need a manager&apos;s PIN.</source>
        <translation>Las pantallas de encargado requieren el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Who opened the manager screens</source>
        <translation>Quién abrió las pantallas de encargado</translation>
    </message>
    <message>
        <source>Offline batch</source>
        <translation>Lote sin conexión</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Cajón</translation>
    </message>
    <message>
        <source>X and Z reports</source>
        <translation>Informes X y Z</translation>
    </message>
    <message>
        <source>Past days</source>
        <translation>Días anteriores</translation>
    </message>
    <message>
        <source>Stored offline payments: forward them, decide on declines, close the batch</source>
        <translation>Pagos guardados sin conexión: envíalos, decide sobre los rechazos, cierra el lote</translation>
    </message>
    <message>
        <source>Open, count and close the cash drawer; paid in and paid out</source>
        <translation>Abrir, contar y cerrar el cajón; entradas y salidas de efectivo</translation>
    </message>
    <message>
        <source>Today&apos;s X report, and the Z report that closes the day</source>
        <translation>El informe X de hoy y el informe Z que cierra el día</translation>
    </message>
    <message>
        <source>The orders and reports of earlier business days</source>
        <translation>Pedidos e informes de días anteriores</translation>
    </message>
    <message>
        <source>Back to till</source>
        <translation>Volver a la caja</translation>
    </message>
    <message>
        <source>Returns to selling</source>
        <translation>Vuelve a la venta</translation>
    </message>
</context>
<context>
    <name>ManualEntryDialog</name>
    <message>
        <source>Use the digits 0-9 only</source>
        <translation>Usa solo los dígitos 0-9</translation>
    </message>
    <message>
        <source>Manual card entry</source>
        <translation>Entrada manual de tarjeta</translation>
    </message>
    <message>
        <source>Key the customer&apos;s card in: number, expiry, security code, postal code.</source>
        <translation>Teclea la tarjeta del cliente: número, caducidad, código de seguridad y código postal.</translation>
    </message>
    <message>
        <source>Key the card for {amount}</source>
        <translation>Teclea la tarjeta por {amount}</translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation>MM/AA</translation>
    </message>
    <message>
        <source>CVC</source>
        <translation>CVC</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Número de tarjeta</translation>
    </message>
    <message>
        <source>The long number on the card.</source>
        <translation>El número largo de la tarjeta.</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Caducidad</translation>
    </message>
    <message>
        <source>Month and year, as MM/YY.</source>
        <translation>Mes y año, como MM/AA.</translation>
    </message>
    <message>
        <source>Security code</source>
        <translation>Código de seguridad</translation>
    </message>
    <message>
        <source>The 3 or 4 digits on the card; never stored.</source>
        <translation>Los 3 o 4 dígitos de la tarjeta; nunca se guardan.</translation>
    </message>
    <message>
        <source>The card&apos;s postal code, if asked.</source>
        <translation>El código postal de la tarjeta, si se pide.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without charging (Escape).</source>
        <translation>Cerrar sin cobrar (Escape).</translation>
    </message>
    <message>
        <source>Charge card</source>
        <translation>Cobrar tarjeta</translation>
    </message>
    <message>
        <source>Check the card and charge it (Enter).</source>
        <translation>Comprobar la tarjeta y cobrarla (Enter).</translation>
    </message>
</context>
<context>
    <name>Menu</name>
    <message>
        <source>The menu&apos;s prices cannot be read in {currency} ({reason}); the currency stays {current}.</source>
        <translation>Los precios de la carta no se pueden leer en {currency} ({reason}); la moneda sigue siendo {current}.</translation>
    </message>
</context>
<context>
    <name>MenuPage</name>
    <message>
        <source>Menu</source>
        <translation>Carta</translation>
    </message>
    <message>
        <source>Choose an item to change it, or add one. “86” takes an item off the till for today only.</source>
        <translation>Elige un artículo para cambiarlo o añade uno. “86” lo quita de la caja solo por hoy.</translation>
    </message>
    <message>
        <source>Save item</source>
        <translation>Guardar artículo</translation>
    </message>
    <message>
        <source>Choose an item of the menu to change, or add one.</source>
        <translation>Elige un artículo de la carta para cambiarlo o añade uno.</translation>
    </message>
    <message>
        <source>Menu items</source>
        <translation>Artículos de la carta</translation>
    </message>
    <message>
        <source>Id (letters, digits, _)</source>
        <translation>Id (letras, dígitos, _)</translation>
    </message>
    <message>
        <source>A short name for the item that never changes.</source>
        <translation>Un nombre corto del artículo que nunca cambia.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>The name on the tile and the receipt.</source>
        <translation>El nombre del botón y del ticket.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Like 4.50.</source>
        <translation>Como 4.50.</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Choose one, or type a new name to create it.</source>
        <translation>Elige una o escribe un nombre nuevo para crearla.</translation>
    </message>
    <message>
        <source>Tax class</source>
        <translation>Tipo de impuesto</translation>
    </message>
    <message>
        <source>Which sales tax rate applies.</source>
        <translation>Qué tipo de impuesto se aplica.</translation>
    </message>
    <message>
        <source>Modifiers</source>
        <translation>Modificadores</translation>
    </message>
    <message>
        <source>The choices offered with the item.</source>
        <translation>Las opciones que se ofrecen con el artículo.</translation>
    </message>
    <message>
        <source>86 — sold out for today</source>
        <translation>86 — agotado por hoy</translation>
    </message>
    <message>
        <source>Take the item off the till until the end of today.</source>
        <translation>Quitar el artículo de la caja hasta el final del día.</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Read a whole menu (TOML) or items (CSV).</source>
        <translation>Leer una carta entera (TOML) o artículos (CSV).</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Write the menu to a TOML or CSV file.</source>
        <translation>Escribir la carta en un archivo TOML o CSV.</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>Quitar artículo</translation>
    </message>
    <message>
        <source>Take the item off the menu.</source>
        <translation>Quitar el artículo de la carta.</translation>
    </message>
    <message>
        <source>＋ Add an item</source>
        <translation>＋ Añadir artículo</translation>
    </message>
    <message>
        <source>Offer {group} with this item.</source>
        <translation>Ofrecer {group} con este artículo.</translation>
    </message>
    <message>
        <source>{name} saved; the till sells it at once.</source>
        <translation>{name} guardado; la caja ya lo vende.</translation>
    </message>
    <message>
        <source>{name} removed.</source>
        <translation>{name} quitado.</translation>
    </message>
    <message>
        <source>{name} is 86 for today.</source>
        <translation>{name} está agotado por hoy.</translation>
    </message>
    <message>
        <source>{name} is back on the till.</source>
        <translation>{name} vuelve a estar en la caja.</translation>
    </message>
    <message>
        <source>Import the menu</source>
        <translation>Importar la carta</translation>
    </message>
    <message>
        <source>Menu (*.toml *.csv)</source>
        <translation>Carta (*.toml *.csv)</translation>
    </message>
    <message>
        <source>Imported {count} items from {file}.</source>
        <translation>{count} artículos importados de {file}.</translation>
    </message>
    <message>
        <source>Export the menu</source>
        <translation>Exportar la carta</translation>
    </message>
    <message>
        <source>Menu written to {path}.</source>
        <translation>Carta guardada en {path}.</translation>
    </message>
</context>
<context>
    <name>ModifierDialog</name>
    <message>
        <source>Choose the options of {item}, then Add.</source>
        <translation>Elige las opciones de {item} y pulsa Añadir.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without adding (Escape).</source>
        <translation>Cerrar sin añadir (Escape).</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>Add the item as chosen (Enter).</source>
        <translation>Añadir el artículo como está (Enter).</translation>
    </message>
    <message>
        <source>{group} (required)</source>
        <translation>{group} (obligatorio)</translation>
    </message>
    <message>
        <source>{group} (up to {count})</source>
        <translation>{group} (hasta {count})</translation>
    </message>
    <message>
        <source>{group}: {option}</source>
        <translation>{group}: {option}</translation>
    </message>
    <message>
        <source>{group}: at most {count}</source>
        <translation>{group}: como máximo {count}</translation>
    </message>
    <message>
        <source>Choose {groups}</source>
        <translation>Elige {groups}</translation>
    </message>
</context>
<context>
    <name>OfflineBatch</name>
    <message>
        <source>There is nothing in the batch to close.</source>
        <translation>No hay nada en el lote que cerrar.</translation>
    </message>
    <message>
        <source>{count} stored payment(s) have no final outcome yet ({parked} waiting for a decision): forward them, or decide on the ones that need attention, first.</source>
        <translation>{count} pago(s) guardado(s) aún sin resultado final ({parked} esperando una decisión): primero envíalos o decide sobre los que requieren atención.</translation>
    </message>
    <message>
        <source>{count} declined payment(s) have no decision yet: contact the customer, record the cash collected, or write it off.</source>
        <translation>{count} pago(s) rechazado(s) aún sin decisión: contacta con el cliente, registra el efectivo cobrado o dalo por perdido.</translation>
    </message>
    <message>
        <source>The batch totals do not add up from its payments; nothing was closed.</source>
        <translation>Los totales del lote no cuadran con sus pagos; no se ha cerrado nada.</translation>
    </message>
    <message>
        <source>Card payments are off on this till, so stored payments cannot be sent.</source>
        <translation>Los pagos con tarjeta están desactivados en esta caja, así que los pagos guardados no se pueden enviar.</translation>
    </message>
    <message>
        <source>That payment is not in the open batch.</source>
        <translation>Ese pago no está en el lote abierto.</translation>
    </message>
    <message>
        <source>Only a declined payment is settled this way.</source>
        <translation>Solo un pago rechazado se liquida así.</translation>
    </message>
    <message>
        <source>Nothing is owed on that order any more.</source>
        <translation>Ya no se debe nada en ese pedido.</translation>
    </message>
    <message>
        <source>Only a payment waiting for a decision can be sent again.</source>
        <translation>Solo se puede volver a enviar un pago que espera una decisión.</translation>
    </message>
    <message>
        <source>There is no closed batch number {number} on this till.</source>
        <translation>No hay ningún lote cerrado número {number} en esta caja.</translation>
    </message>
</context>
<context>
    <name>OfflineCapture</name>
    <message>
        <source>Offline card entry is switched off. A manager can enable it in Settings, or take cash.</source>
        <translation>Las tarjetas sin conexión están desactivadas. Un encargado puede activarlas en Ajustes, o cobra en efectivo.</translation>
    </message>
    <message>
        <source>Only a manager can change offline card entry</source>
        <translation>Solo un encargado puede cambiar las tarjetas sin conexión</translation>
    </message>
</context>
<context>
    <name>OfflineCardDialog</name>
    <message>
        <source>The customer&apos;s card is not charged now: it is charged when Stripe is back.</source>
        <translation>La tarjeta del cliente no se cobra ahora: se cobra cuando vuelva Stripe.</translation>
    </message>
    <message>
        <source>Offline card entry is switched off on this till. While Stripe is unreachable, take cash — or a manager can switch offline card entry on (it stores typed card numbers, encrypted, until they can be sent).</source>
        <translation>Las tarjetas sin conexión están desactivadas en esta caja. Mientras no se llegue a Stripe, cobra en efectivo — o un encargado puede activar las tarjetas sin conexión (guarda los números tecleados, cifrados, hasta que se puedan enviar).</translation>
    </message>
    <message>
        <source>Stored — approved offline</source>
        <translation>Guardado — aprobado sin conexión</translation>
    </message>
    <message>
        <source>Offline card payment</source>
        <translation>Pago con tarjeta sin conexión</translation>
    </message>
    <message>
        <source>A card payment stored on this till and charged when Stripe is back.</source>
        <translation>Un pago con tarjeta guardado en esta caja que se cobra cuando vuelva Stripe.</translation>
    </message>
    <message>
        <source>Manager override</source>
        <translation>Autorización del encargado</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN allows this payment over the offline limits.</source>
        <translation>El PIN de un encargado permite este pago por encima de los límites sin conexión.</translation>
    </message>
    <message>
        <source>Offline card entry settings…</source>
        <translation>Ajustes de tarjetas sin conexión…</translation>
    </message>
    <message>
        <source>A manager can switch offline card entry on or off.</source>
        <translation>Un encargado puede activar o desactivar las tarjetas sin conexión.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Close (Enter).</source>
        <translation>Cerrar (Enter).</translation>
    </message>
    <message>
        <source>Store this card payment on the till; it is charged when Stripe is back (Enter).</source>
        <translation>Guardar este pago con tarjeta en la caja; se cobra cuando vuelva Stripe (Enter).</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Propina</translation>
    </message>
    <message>
        <source>No tip</source>
        <translation>Sin propina</translation>
    </message>
    <message>
        <source>The tip on this card payment.</source>
        <translation>La propina de este pago con tarjeta.</translation>
    </message>
    <message>
        <source>The offline setting could not be read: {error}</source>
        <translation>No se pudo leer el ajuste sin conexión: {error}</translation>
    </message>
    <message>
        <source>The offline limits could not be checked: {error}</source>
        <translation>No se pudieron comprobar los límites sin conexión: {error}</translation>
    </message>
    <message>
        <source>{reason}
A manager&apos;s PIN allows this payment offline.</source>
        <translation>{reason}
El PIN de un encargado permite este pago sin conexión.</translation>
    </message>
    <message>
        <source>Storing the payment on this till…</source>
        <translation>Guardando el pago en esta caja…</translation>
    </message>
    <message>
        <source>Not stored: {reason}</source>
        <translation>No guardado: {reason}</translation>
    </message>
    <message>
        <source>Not stored — nothing was saved: {error}. Key the card again.</source>
        <translation>No guardado — no se ha guardado nada: {error}. Vuelve a teclear la tarjeta.</translation>
    </message>
    <message>
        <source>{card} — tip {tip}</source>
        <translation>{card} — propina {tip}</translation>
    </message>
    <message>
        <source>{card}. Stored offline: {later}</source>
        <translation>{card}. Guardado sin conexión: {later}</translation>
    </message>
    <message>
        <source>Offline card payment — {amount}</source>
        <translation>Pago con tarjeta sin conexión — {amount}</translation>
    </message>
    <message>
        <source>Store {amount} offline</source>
        <translation>Guardar {amount} sin conexión</translation>
    </message>
    <message>
        <source>Allowed over the offline limit by {manager}.</source>
        <translation>Permitido por encima del límite sin conexión por {manager}.</translation>
    </message>
    <message>
        <source>a manager</source>
        <translation>un encargado</translation>
    </message>
</context>
<context>
    <name>OfflinePage</name>
    <message>
        <source>Offline card payments</source>
        <translation>Pagos con tarjeta sin conexión</translation>
    </message>
    <message>
        <source>When Stripe or the readers fail, the till can store keyed card payments and send them later. The shop carries the risk of a decline, so this stays off until a manager switches it on.</source>
        <translation>Si fallan Stripe o los lectores, la caja puede guardar pagos con tarjeta tecleados y enviarlos después. La tienda asume el riesgo de rechazo, así que sigue desactivado hasta que un encargado lo active.</translation>
    </message>
    <message>
        <source>Allow offline card entry</source>
        <translation>Permitir tarjetas sin conexión</translation>
    </message>
    <message>
        <source>Largest single payment ({currency})</source>
        <translation>Pago máximo ({currency})</translation>
    </message>
    <message>
        <source>No one stored payment may be larger, like 100.00.</source>
        <translation>Ningún pago guardado puede superarlo, p. ej. 100.00.</translation>
    </message>
    <message>
        <source>Most stored in total ({currency})</source>
        <translation>Total máximo guardado ({currency})</translation>
    </message>
    <message>
        <source>The stored payments together may not pass this, like 500.00.</source>
        <translation>La suma de los pagos guardados no puede superarlo, p. ej. 500.00.</translation>
    </message>
    <message>
        <source>Most stored payments</source>
        <translation>Máximo de pagos guardados</translation>
    </message>
    <message>
        <source>A whole number, like 100.</source>
        <translation>Un número entero, p. ej. 100.</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN is needed to switch to offline payments</source>
        <translation>Se requiere el PIN de un encargado para pasar a pagos sin conexión</translation>
    </message>
    <message>
        <source>Off: any barista may switch to offline payments.</source>
        <translation>Desactivado: cualquier barista puede pasar a pagos sin conexión.</translation>
    </message>
    <message>
        <source>Enter the caps as amounts like 100.00 and a whole number of payments.</source>
        <translation>Introduce los límites como importes tipo 100.00 y un número entero de pagos.</translation>
    </message>
    <message>
        <source>Saved. New caps apply from the next start.</source>
        <translation>Guardado. Los nuevos límites se aplican desde el próximo inicio.</translation>
    </message>
    <message>
        <source>Saved; offline card entry stays off. New caps apply from the next start.</source>
        <translation>Guardado; las tarjetas sin conexión siguen desactivadas. Los nuevos límites se aplican desde el próximo inicio.</translation>
    </message>
</context>
<context>
    <name>OfflinePayments</name>
    <message>
        <source>Demo: offline card entry is switched ON for this demo data only (no manager had chosen). In a real shop it is OFF until a manager enables it in Offline queue → Offline card entry settings.</source>
        <translation>Demo: las tarjetas sin conexión están ACTIVADAS solo para estos datos de demostración (ningún encargado lo eligió). En una tienda real están DESACTIVADAS hasta que un encargado las active en Cola sin conexión → Ajustes de tarjetas sin conexión.</translation>
    </message>
    <message>
        <source>Switch to offline payments: cards are stored on this till and sent when Stripe is back.</source>
        <translation>Pasar a pagos sin conexión: las tarjetas se guardan en esta caja y se envían cuando vuelva Stripe.</translation>
    </message>
    <message>
        <source>Offline queue</source>
        <translation>Cola offline</translation>
    </message>
    <message>
        <source>The card payments stored offline on this till.</source>
        <translation>Los pagos con tarjeta guardados sin conexión en esta caja.</translation>
    </message>
    <message>
        <source>Stored offline payments could not be checked at start-up</source>
        <translation>No se pudieron comprobar los pagos guardados sin conexión al iniciar</translation>
    </message>
    <message>
        <source>The till is already taking offline payments</source>
        <translation>La caja ya está aceptando pagos sin conexión</translation>
    </message>
    <message>
        <source>Sign in to switch to offline payments</source>
        <translation>Entra para pasar a pagos sin conexión</translation>
    </message>
    <message>
        <source>Sign in to go back online</source>
        <translation>Entra para volver a conectarte</translation>
    </message>
    <message>
        <source>Stripe is not reachable yet, so the till stays offline</source>
        <translation>Aún no se llega a Stripe, así que la caja sigue sin conexión</translation>
    </message>
    <message>
        <source>Sign in to take a card payment</source>
        <translation>Entra para cobrar con tarjeta</translation>
    </message>
    <message>
        <source>To key a card: Pay → Card</source>
        <translation>Para teclear una tarjeta: Cobrar → Tarjeta</translation>
    </message>
    <message>
        <source>To key a card: Pay → Card, then Manual card entry</source>
        <translation>Para teclear una tarjeta: Cobrar → Tarjeta, luego Entrada manual de tarjeta</translation>
    </message>
</context>
<context>
    <name>OfflinePolicy</name>
    <message>
        <source>Forward now: {time} overdue</source>
        <translation>Enviar ya: {time} de retraso</translation>
    </message>
    <message>
        <source>Forward within {time}</source>
        <translation>Enviar en {time}</translation>
    </message>
    <message>
        <source>No offline payments stored</source>
        <translation>No hay pagos sin conexión guardados</translation>
    </message>
    <message>
        <source>1 offline payment stored ({total}). {countdown}</source>
        <translation>1 pago sin conexión guardado ({total}). {countdown}</translation>
    </message>
    <message>
        <source>{count} offline payments stored ({total}). {countdown}</source>
        <translation>{count} pagos sin conexión guardados ({total}). {countdown}</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{first}. {second}</source>
        <translation>{first}. {second}</translation>
    </message>
    <message>
        <source>Offline card payments are limited to {cap} each</source>
        <translation>Los pagos con tarjeta sin conexión tienen un límite de {cap} cada uno</translation>
    </message>
    <message>
        <source>Stored offline payments would pass {cap} in total ({left} left)</source>
        <translation>Los pagos guardados sin conexión superarían {cap} en total (quedan {left})</translation>
    </message>
    <message>
        <source>The till already holds {count} offline payments (the limit)</source>
        <translation>La caja ya tiene {count} pagos sin conexión (el límite)</translation>
    </message>
    <message>
        <source>Stored offline payments are past their 24-hour deadline — forward them first</source>
        <translation>Los pagos guardados sin conexión han pasado su plazo de 24 horas — envíalos primero</translation>
    </message>
    <message>
        <source>Card payments must be at least {minimum}. Take cash.</source>
        <translation>Los pagos con tarjeta deben ser de al menos {minimum}. Cobra en efectivo.</translation>
    </message>
    <message>
        <source>{reasons}. A manager can allow it, or take cash.</source>
        <translation>{reasons}. Un encargado puede permitirlo, o cobra en efectivo.</translation>
    </message>
    <message>
        <source>{reasons}. Take cash or another payment.</source>
        <translation>{reasons}. Cobra en efectivo o con otro medio.</translation>
    </message>
    <message>
        <source>Offline manual card entry stores typed card numbers (encrypted) on this till until they can be sent to Stripe. This puts the till in PCI DSS scope for stored card data. Stripe must have enabled raw card data APIs for your account, or stored payments will be refused when forwarded. You carry all decline risk: payments are only checked when forwarded, and if the issuer declines, there&apos;s no way to recover the funds. Stored payments must be forwarded within 24 hours.</source>
        <extracomment>What enabling offline manual entry means; shown (and audited) when a manager switches it on.</extracomment>
        <translation>La entrada manual de tarjetas sin conexión guarda los números tecleados (cifrados) en esta caja hasta que se puedan enviar a Stripe. Esto pone la caja en el ámbito de PCI DSS para datos de tarjeta guardados. Stripe debe haber habilitado las API de datos de tarjeta sin procesar para tu cuenta, o los pagos guardados se rechazarán al enviarse. Asumes todo el riesgo de rechazo: los pagos solo se comprueban al enviarse y, si el emisor los rechaza, no hay forma de recuperar los fondos. Los pagos guardados deben enviarse en 24 horas.</translation>
    </message>
</context>
<context>
    <name>OfflineQueueScreen</name>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Propina</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Antigüedad</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Plazo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
    <message>
        <source>Retry this payment with a new idempotency key?

Stripe is checked first: every earlier key of this payment still inside Stripe&apos;s 24-hour memory is sent again exactly as it was (Stripe answers with what it did), and older ones are looked up by this payment&apos;s id, page by page. If Stripe already charged the card, that charge is recorded and nothing is sent. Only once Stripe shows nothing was charged is it sent again under new keys; if Stripe cannot show that yet, nothing is sent. The customer is never charged twice.</source>
        <translation>¿Reintentar este pago con una nueva clave de idempotencia?

Primero se consulta a Stripe: cada clave anterior de este pago que siga en la memoria de 24 horas de Stripe se vuelve a enviar tal cual (Stripe responde con lo que hizo), y las más antiguas se buscan por el id de este pago, página a página. Si Stripe ya cobró la tarjeta, se registra ese cargo y no se envía nada. Solo cuando Stripe muestra que no se cobró nada se vuelve a enviar con claves nuevas; si Stripe aún no puede mostrarlo, no se envía nada. Al cliente nunca se le cobra dos veces.</translation>
    </message>
    <message>
        <source>Stored — waiting to be sent</source>
        <translation>Guardado — pendiente de envío</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Not confirmed — will be checked again</source>
        <translation>Sin confirmar — se volverá a comprobar</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprobado</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <source>Voided — never sent</source>
        <translation>Anulado — nunca enviado</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>Stored: {stored} ({stored_amount})   Forwarded: {forwarded}   Approved: {approved} ({approved_amount})   Declined: {declined} ({declined_amount})   Voided: {voided}</source>
        <translation>Guardados: {stored} ({stored_amount})   Enviados: {forwarded}   Aprobados: {approved} ({approved_amount})   Rechazados: {declined} ({declined_amount})   Anulados: {voided}</translation>
    </message>
    <message>
        <source>The offline payments stored on this till: forward them and settle each outcome.</source>
        <translation>Los pagos sin conexión guardados en esta caja: envíalos y resuelve cada resultado.</translation>
    </message>
    <message>
        <source>Offline queue</source>
        <translation>Cola sin conexión</translation>
    </message>
    <message>
        <source>Stored payments</source>
        <translation>Pagos guardados</translation>
    </message>
    <message>
        <source>Every offline payment on this till: card, amount, order, age, deadline and state.</source>
        <translation>Todos los pagos sin conexión de esta caja: tarjeta, importe, pedido, antigüedad, plazo y estado.</translation>
    </message>
    <message>
        <source>Forward now</source>
        <translation>Enviar ya</translation>
    </message>
    <message>
        <source>Send the stored payments to Stripe now (a manager&apos;s PIN).</source>
        <translation>Enviar ya los pagos guardados a Stripe (PIN de encargado).</translation>
    </message>
    <message>
        <source>How many stored payments have been sent.</source>
        <translation>Cuántos pagos guardados se han enviado.</translation>
    </message>
    <message>
        <source>Forwarding progress</source>
        <translation>Progreso del envío</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Requiere atención</translation>
    </message>
    <message>
        <source>Declines and payments waiting for a manager&apos;s decision; select one to act on it.</source>
        <translation>Rechazos y pagos que esperan la decisión de un encargado; selecciona uno para actuar.</translation>
    </message>
    <message>
        <source>Acknowledge decline</source>
        <translation>Confirmar rechazo</translation>
    </message>
    <message>
        <source>The selected decline has been seen and dealt with (a manager&apos;s PIN).</source>
        <translation>El rechazo seleccionado se ha visto y resuelto (PIN de encargado).</translation>
    </message>
    <message>
        <source>Requeue (same keys)</source>
        <translation>Reenviar (mismas claves)</translation>
    </message>
    <message>
        <source>Send the selected payment again with the same keys.</source>
        <translation>Volver a enviar el pago seleccionado con las mismas claves.</translation>
    </message>
    <message>
        <source>Retry with a new key…</source>
        <translation>Reintentar con clave nueva…</translation>
    </message>
    <message>
        <source>Check Stripe first, then send the selected payment under a new key.</source>
        <translation>Consultar primero a Stripe y luego enviar el pago seleccionado con una clave nueva.</translation>
    </message>
    <message>
        <source>Collect another way…</source>
        <translation>Cobrar de otra forma…</translation>
    </message>
    <message>
        <source>The customer paid the selected payment another way (a manager&apos;s PIN).</source>
        <translation>El cliente pagó el pago seleccionado de otra forma (PIN de encargado).</translation>
    </message>
    <message>
        <source>Offline card entry settings…</source>
        <translation>Ajustes de tarjetas sin conexión…</translation>
    </message>
    <message>
        <source>Switch offline card entry on or off (a manager&apos;s PIN).</source>
        <translation>Activar o desactivar las tarjetas sin conexión (PIN de encargado).</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Read the queue again.</source>
        <translation>Volver a leer la cola.</translation>
    </message>
    <message>
        <source>The offline queue could not be read: {error}</source>
        <translation>No se pudo leer la cola sin conexión: {error}</translation>
    </message>
    <message>
        <source>Overdue {time}</source>
        <translation>Vencido {time}</translation>
    </message>
    <message>
        <source>Forward within {time}</source>
        <translation>Enviar en {time}</translation>
    </message>
    <message>
        <source>Needs a decision</source>
        <translation>Requiere decisión</translation>
    </message>
    <message>
        <source>Declined: {reason}</source>
        <translation>Rechazado: {reason}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sin motivo</translation>
    </message>
    <message>
        <source>OVERDUE — {reason}</source>
        <translation>VENCIDO — {reason}</translation>
    </message>
    <message>
        <source>Needs attention: {count} (declines and payments waiting for a decision)</source>
        <translation>Requiere atención: {count} (rechazos y pagos que esperan una decisión)</translation>
    </message>
    <message>
        <source>Stripe is reachable: stored payments are being sent.</source>
        <translation>Se llega a Stripe: se están enviando los pagos guardados.</translation>
    </message>
    <message>
        <source>The till is offline: stored payments are sent once the till is back online.</source>
        <translation>La caja está sin conexión: los pagos guardados se envían cuando vuelva la conexión.</translation>
    </message>
    <message>
        <source>Go back online first: stored payments can only be sent when Stripe is back.</source>
        <translation>Vuelve a conectarte primero: los pagos guardados solo se envían cuando vuelve Stripe.</translation>
    </message>
    <message>
        <source>Forward the stored offline payments to Stripe.</source>
        <translation>Enviar a Stripe los pagos guardados sin conexión.</translation>
    </message>
    <message>
        <source>Forwarding…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Nothing waiting to be sent</source>
        <translation>Nada pendiente de envío</translation>
    </message>
    <message>
        <source>Forwarding stopped: {error}. Nothing is lost; try again.</source>
        <translation>Envío detenido: {error}. No se ha perdido nada; inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>{done} of {total} sent — approved {approved}, declined {declined}, waiting for a decision {parked}</source>
        <translation>{done} de {total} enviados — aprobados {approved}, rechazados {declined}, esperando decisión {parked}</translation>
    </message>
    <message>
        <source>Acknowledge the declined payment of order {number}.</source>
        <translation>Confirmar el pago rechazado del pedido {number}.</translation>
    </message>
    <message>
        <source>Send the payment of order {number} again with the same keys.</source>
        <translation>Volver a enviar el pago del pedido {number} con las mismas claves.</translation>
    </message>
    <message>
        <source>Retry with a new key</source>
        <translation>Reintentar con clave nueva</translation>
    </message>
    <message>
        <source>Check Stripe, then retry</source>
        <translation>Consultar Stripe y reintentar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Decide on the payment of order {number}.</source>
        <translation>Decide sobre el pago del pedido {number}.</translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation>Entra primero.</translation>
    </message>
    <message>
        <source>Not done: {error}</source>
        <translation>No hecho: {error}</translation>
    </message>
</context>
<context>
    <name>OfflineReconcile</name>
    <message>
        <source>PaymentIntent found but not settled</source>
        <translation>PaymentIntent encontrado pero sin liquidar</translation>
    </message>
    <message>
        <source>No PaymentIntent found at Stripe; a manager decides</source>
        <translation>No hay PaymentIntent en Stripe; decide un encargado</translation>
    </message>
    <message>
        <source>Stripe asked not to retry (rate limit)</source>
        <translation>Stripe pidió no reintentar (límite de peticiones)</translation>
    </message>
    <message>
        <source>Stripe asked not to retry</source>
        <translation>Stripe pidió no reintentar</translation>
    </message>
</context>
<context>
    <name>OfflineSettingsDialog</name>
    <message>
        <source>Offline card entry is ON for this till.</source>
        <translation>Las tarjetas sin conexión están ACTIVADAS en esta caja.</translation>
    </message>
    <message>
        <source>Offline card entry is OFF (the default): while offline, only cash can be taken.</source>
        <translation>Las tarjetas sin conexión están DESACTIVADAS (predeterminado): sin conexión, solo se puede cobrar en efectivo.</translation>
    </message>
    <message>
        <source>Offline card entry</source>
        <translation>Tarjetas sin conexión</translation>
    </message>
    <message>
        <source>Switch offline card entry on or off for this till (a manager&apos;s PIN).</source>
        <translation>Activar o desactivar las tarjetas sin conexión en esta caja (PIN de encargado).</translation>
    </message>
    <message>
        <source>Reading the setting…</source>
        <translation>Leyendo el ajuste…</translation>
    </message>
    <message>
        <source>Enable (manager PIN)</source>
        <translation>Activar (PIN de encargado)</translation>
    </message>
    <message>
        <source>Allow keyed card payments to be stored while offline.</source>
        <translation>Permitir guardar pagos con tarjeta tecleados sin conexión.</translation>
    </message>
    <message>
        <source>Disable (manager PIN)</source>
        <translation>Desactivar (PIN de encargado)</translation>
    </message>
    <message>
        <source>Take only cash while offline.</source>
        <translation>Solo efectivo sin conexión.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close (Escape).</source>
        <translation>Cerrar (Escape).</translation>
    </message>
    <message>
        <source>The setting could not be read: {error}</source>
        <translation>No se pudo leer el ajuste: {error}</translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation>Entra primero.</translation>
    </message>
    <message>
        <source>Enable offline card entry on this till. A manager&apos;s PIN is required.</source>
        <translation>Activar las tarjetas sin conexión en esta caja. Se requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Disable offline card entry on this till. A manager&apos;s PIN is required.</source>
        <translation>Desactivar las tarjetas sin conexión en esta caja. Se requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Not changed: {error}</source>
        <translation>Sin cambios: {error}</translation>
    </message>
</context>
<context>
    <name>OfflineStrip</name>
    <message>
        <source>Card payments: online or stored offline, and what is stored on this till.</source>
        <translation>Pagos con tarjeta: en línea o guardados sin conexión, y qué hay guardado en esta caja.</translation>
    </message>
    <message>
        <source>Switch to offline payments</source>
        <translation>Pasar a pagos sin conexión</translation>
    </message>
    <message>
        <source>Store card payments on this till and send them when Stripe is back.</source>
        <translation>Guardar los pagos con tarjeta en esta caja y enviarlos cuando vuelva Stripe.</translation>
    </message>
    <message>
        <source>Go back online</source>
        <translation>Volver a conectar</translation>
    </message>
    <message>
        <source>Take card payments through Stripe again; stored payments are sent.</source>
        <translation>Cobrar de nuevo con tarjeta a través de Stripe; se envían los pagos guardados.</translation>
    </message>
    <message>
        <source>No offline payments stored</source>
        <translation>No hay pagos sin conexión guardados</translation>
    </message>
    <message>
        <source>1 stored payment — {total}</source>
        <translation>1 pago guardado — {total}</translation>
    </message>
    <message>
        <source>{count} stored payments — {total}</source>
        <translation>{count} pagos guardados — {total}</translation>
    </message>
</context>
<context>
    <name>Order</name>
    <message>
        <source>the order has no lines</source>
        <translation>el pedido no tiene líneas</translation>
    </message>
    <message>
        <source>add an item</source>
        <translation>añadir un artículo</translation>
    </message>
    <message>
        <source>remove a line</source>
        <translation>quitar una línea</translation>
    </message>
    <message>
        <source>change a quantity</source>
        <translation>cambiar una cantidad</translation>
    </message>
    <message>
        <source>discount a line</source>
        <translation>descontar una línea</translation>
    </message>
    <message>
        <source>discount the order</source>
        <translation>descontar el pedido</translation>
    </message>
    <message>
        <source>a tender has already been taken</source>
        <translation>ya se ha cobrado un pago</translation>
    </message>
    <message>
        <source>the order is not taking payments</source>
        <translation>el pedido no admite pagos</translation>
    </message>
    <message>
        <source>A payment of {amount} is more than the {due} due.</source>
        <translation>Un pago de {amount} supera los {due} pendientes.</translation>
    </message>
    <message>
        <source>nothing was paid, or nothing is due</source>
        <translation>no se pagó nada o no hay nada pendiente</translation>
    </message>
    <message>
        <source>only an order with a balance due can be written off</source>
        <translation>solo se puede dar por perdido un pedido con saldo pendiente</translation>
    </message>
    <message>
        <source>{due} is still due</source>
        <translation>quedan {due} pendientes</translation>
    </message>
    <message>
        <source>business day {day} is closed; refund the order instead</source>
        <translation>el día {day} está cerrado; reembolsa el pedido</translation>
    </message>
    <message>
        <source>only paid orders can be refunded</source>
        <translation>solo se pueden reembolsar pedidos pagados</translation>
    </message>
    <message>
        <source>A refund of {amount} is more than the {left} left on that payment.</source>
        <translation>Un reembolso de {amount} supera los {left} que quedan de ese pago.</translation>
    </message>
    <message>
        <source>cannot {action}: order {number} is {state}</source>
        <translation>no se puede {action}: el pedido {number} está {state}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierto</translation>
    </message>
    <message>
        <source>tendering</source>
        <translation>cobrando</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>pagado</translation>
    </message>
    <message>
        <source>partially refunded</source>
        <translation>reembolsado en parte</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>reembolsado</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>anulado</translation>
    </message>
    <message>
        <source>balance due</source>
        <translation>saldo pendiente</translation>
    </message>
    <message>
        <source>written off</source>
        <translation>dado por perdido</translation>
    </message>
    <message>
        <source>a payment on this order was declined and a balance is due — collect it or write it off first</source>
        <translation>un pago de este pedido fue rechazado y hay saldo pendiente — cóbralo o dalo por perdido primero</translation>
    </message>
    <message>
        <source>the order is final</source>
        <translation>el pedido es definitivo</translation>
    </message>
    <message>
        <source>not an allowed transition</source>
        <translation>transición no permitida</translation>
    </message>
    <message>
        <source>cannot go from {current} to {target}: {why}</source>
        <translation>no se puede pasar de {current} a {target}: {why}</translation>
    </message>
    <message>
        <source>cannot go from {current} to {target}</source>
        <translation>no se puede pasar de {current} a {target}</translation>
    </message>
    <message>
        <source>payment declined — balance due</source>
        <translation>pago rechazado — saldo pendiente</translation>
    </message>
    <message>
        <source>balance written off</source>
        <translation>saldo dado por perdido</translation>
    </message>
    <message>
        <source>balance due — sale not finished</source>
        <translation>saldo pendiente — venta sin terminar</translation>
    </message>
</context>
<context>
    <name>Orders</name>
    <message>
        <source>This order changed on the till meanwhile (a payment outcome arrived) — open it again from Orders to see where it stands</source>
        <translation>Este pedido cambió en la caja mientras tanto (llegó el resultado de un pago) — ábrelo de nuevo desde Pedidos para ver su estado</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>Voided before it was sent to Stripe</source>
        <translation>Anulado antes de enviarlo a Stripe</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Manager override</source>
        <translation>Autorización del encargado</translation>
    </message>
    <message>
        <source>PIN typed so far</source>
        <translation>PIN introducido hasta ahora</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without approving (Escape).</source>
        <translation>Cerrar sin aprobar (Escape).</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Aprobar</translation>
    </message>
    <message>
        <source>Check the manager&apos;s PIN and allow it (Enter).</source>
        <translation>Comprobar el PIN del encargado y permitirlo (Enter).</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>Override refused.</source>
        <translation>Autorización denegada.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Choose a recovery passphrase</source>
        <translation>Elige una frase de recuperación</translation>
    </message>
    <message>
        <source>Unlock the till</source>
        <translation>Desbloquear la caja</translation>
    </message>
    <message>
        <source>Set up: choose a recovery passphrase (at least 10 characters). A manager needs it to unlock this till&apos;s encrypted database when the system keyring cannot. Keep it safe: without it the sales records cannot be opened.</source>
        <translation>Configuración: elige una frase de recuperación (al menos 10 caracteres). El encargado la necesita para desbloquear la base de datos cifrada de esta caja cuando el llavero del sistema no puede. Guárdala bien: sin ella no se pueden abrir los registros de ventas.</translation>
    </message>
    <message>
        <source>Enter the manager&apos;s recovery passphrase to unlock this till&apos;s encrypted database.</source>
        <translation>Introduce la frase de recuperación del encargado para desbloquear la base de datos cifrada de esta caja.</translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation>Frase de recuperación</translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation>Escríbela otra vez</translation>
    </message>
    <message>
        <source>The same passphrase once more.</source>
        <translation>La misma frase otra vez.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Close the till.</source>
        <translation>Cerrar el programa.</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Crear</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Use this passphrase (Enter).</source>
        <translation>Usar esta frase (Enter).</translation>
    </message>
    <message>
        <source>Use at least {count} characters.</source>
        <translation>Usa al menos {count} caracteres.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type them again.</source>
        <translation>Las dos frases no coinciden. Escríbelas otra vez.</translation>
    </message>
</context>
<context>
    <name>PastDaysScreen</name>
    <message>
        <source>Past days</source>
        <translation>Días anteriores</translation>
    </message>
    <message>
        <source>The business day whose orders and report are shown</source>
        <translation>La jornada cuyos pedidos e informe se muestran</translation>
    </message>
    <message>
        <source>Business day</source>
        <translation>Jornada</translation>
    </message>
    <message>
        <source>Order number, card last 4 or amount</source>
        <translation>N.º de pedido, últimos 4 o importe</translation>
    </message>
    <message>
        <source>Finds the day&apos;s orders by order number, card last 4 or amount; Enter searches</source>
        <translation>Busca los pedidos del día por n.º de pedido, últimos 4 de la tarjeta o importe; Enter busca</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation>Buscar pedidos</translation>
    </message>
    <message>
        <source>The day&apos;s orders, or its report</source>
        <translation>Los pedidos del día, o su informe</translation>
    </message>
    <message>
        <source>Orders or report</source>
        <translation>Pedidos o informe</translation>
    </message>
    <message>
        <source>Orders of the day</source>
        <translation>Pedidos del día</translation>
    </message>
    <message>
        <source>Orders found</source>
        <translation>Pedidos encontrados</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <source>Past days message</source>
        <translation>Mensaje de días anteriores</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Returns to the manager&apos;s screen</source>
        <translation>Vuelve a la pantalla del encargado</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Shows the receipt of the selected order</source>
        <translation>Muestra el ticket del pedido seleccionado</translation>
    </message>
    <message>
        <source>X report now</source>
        <translation>Informe X ahora</translation>
    </message>
    <message>
        <source>Adds up the chosen day now, as an X report</source>
        <translation>Suma ahora el día elegido, como informe X</translation>
    </message>
    <message>
        <source>{0} orders</source>
        <translation>{0} pedidos</translation>
    </message>
    <message>
        <source> — Z #{0}</source>
        <translation> — Z #{0}</translation>
    </message>
    <message>
        <source>No business day has orders yet.</source>
        <translation>Ninguna jornada tiene pedidos aún.</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <source>Printer not connected — check its cable and power</source>
        <translation>Impresora no conectada — revisa el cable y la alimentación</translation>
    </message>
    <message>
        <source>Printer not responding — check it is switched on</source>
        <translation>La impresora no responde — comprueba que está encendida</translation>
    </message>
    <message>
        <source>Printer sent an unexpected reply — check its settings (baud rate)</source>
        <translation>Respuesta inesperada de la impresora — revisa sus ajustes (baudios)</translation>
    </message>
    <message>
        <source>Printer is offline — check its lights and clear any error</source>
        <translation>Impresora sin conexión — revisa sus luces y borra el error</translation>
    </message>
    <message>
        <source>Printer cover is open — close it</source>
        <translation>Tapa de la impresora abierta — ciérrala</translation>
    </message>
    <message>
        <source>Printer is out of paper — load a new roll</source>
        <translation>Impresora sin papel — pon un rollo nuevo</translation>
    </message>
    <message>
        <source>Printer ready</source>
        <translation>Impresora lista</translation>
    </message>
    <message>
        <source>Printer ready — paper low</source>
        <translation>Impresora lista — poco papel</translation>
    </message>
    <message>
        <source>press Print again</source>
        <translation>pulsa Imprimir otra vez</translation>
    </message>
    <message>
        <source>try again</source>
        <translation>inténtalo de nuevo</translation>
    </message>
    <message>
        <source>{problem}, then {next_step}</source>
        <translation>{problem} y luego {next_step}</translation>
    </message>
    <message>
        <source>The receipt may not have printed: {problem}. Then reprint it.</source>
        <translation>Puede que el ticket no se haya impreso: {problem}. Luego reimprímelo.</translation>
    </message>
</context>
<context>
    <name>PrinterIndicator</name>
    <message>
        <source>No printer</source>
        <translation>Sin impresora</translation>
    </message>
    <message>
        <source>Whether the receipt printer is ready.</source>
        <translation>Si la impresora de tickets está lista.</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Impresora</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Receipt printer</source>
        <translation>Impresora de tickets</translation>
    </message>
    <message>
        <source>The ESC/POS printer&apos;s port: /dev/ttyUSB0 (USB or serial), COM3 on Windows, or socket://192.168.1.50:9100 for a network printer. The cash drawer plugs into the printer.</source>
        <translation>Puerto de la impresora ESC/POS: /dev/ttyUSB0 (USB o serie), COM3 en Windows, o socket://192.168.1.50:9100 para una impresora de red. El cajón se conecta a la impresora.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Where the printer is: /dev/ttyUSB0, COM3 or socket://host:9100.</source>
        <translation>Dónde está la impresora: /dev/ttyUSB0, COM3 o socket://host:9100.</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>Velocidad (baudios)</translation>
    </message>
    <message>
        <source>The serial speed set on the printer.</source>
        <translation>La velocidad serie configurada en la impresora.</translation>
    </message>
    <message>
        <source>Print the receipt of every sale, refund and void at once</source>
        <translation>Imprimir al momento el ticket de cada venta, reembolso y anulación</translation>
    </message>
    <message>
        <source>Off: receipts print only from the Print button.</source>
        <translation>Desactivado: los tickets solo se imprimen con el botón Imprimir.</translation>
    </message>
    <message>
        <source>Print receipts automatically</source>
        <translation>Imprimir tickets automáticamente</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Prueba de impresión</translation>
    </message>
    <message>
        <source>Print a test page on this port now.</source>
        <translation>Imprimir ahora una página de prueba en este puerto.</translation>
    </message>
    <message>
        <source>Enter the printer&apos;s port first.</source>
        <translation>Introduce primero el puerto de la impresora.</translation>
    </message>
    <message>
        <source>Saved. The till uses this printer from its next start.</source>
        <translation>Guardado. La caja usará esta impresora desde su próximo inicio.</translation>
    </message>
</context>
<context>
    <name>PrinterWiring</name>
    <message>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message>
        <source>Receipt printed</source>
        <translation>Ticket impreso</translation>
    </message>
    <message>
        <source>No sale could not be recorded — the drawer stays closed. Try again.</source>
        <translation>No se pudo registrar la apertura del cajón — sigue cerrado. Inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Opening the drawer…</source>
        <translation>Abriendo el cajón…</translation>
    </message>
    <message>
        <source>Printing failed — see the log</source>
        <translation>Fallo al imprimir — mira el registro</translation>
    </message>
    <message>
        <source>Printer error — see the log</source>
        <translation>Error de impresora — mira el registro</translation>
    </message>
    <message>
        <source>Printer: checking…</source>
        <translation>Impresora: comprobando…</translation>
    </message>
    <message>
        <source>This receipt may not have printed. Check the printer, then press Reprint.</source>
        <translation>Puede que este ticket no se haya impreso. Revisa la impresora y pulsa Reimprimir.</translation>
    </message>
    <message>
        <source>{status} — receipt {numbers} not confirmed (reprint it)</source>
        <translation>{status} — ticket {numbers} sin confirmar (reimprímelo)</translation>
    </message>
</context>
<context>
    <name>Prompt</name>
    <message>
        <source>Tap, insert or swipe card</source>
        <translation>Acerca, inserta o desliza la tarjeta</translation>
    </message>
    <message>
        <source>Processing…</source>
        <translation>Procesando…</translation>
    </message>
    <message>
        <source>Remove card</source>
        <translation>Retira la tarjeta</translation>
    </message>
    <message>
        <source>Checking the payment with Stripe — please wait</source>
        <translation>Comprobando el pago con Stripe — espera, por favor</translation>
    </message>
</context>
<context>
    <name>ReaderPage</name>
    <message>
        <source>Location and card reader</source>
        <translation>Ubicación y lector</translation>
    </message>
    <message>
        <source>Stripe keeps readers at a location (your shop&apos;s address). Choose it or create it, then type the registration code the reader shows (Settings → Generate pairing code on the reader).</source>
        <translation>Stripe asigna los lectores a una ubicación (la dirección de tu tienda). Elígela o créala y escribe el código de registro que muestra el lector (en el lector: Settings → Generate pairing code).</translation>
    </message>
    <message>
        <source>Register reader</source>
        <translation>Registrar lector</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>The Stripe location the reader belongs to.</source>
        <translation>La ubicación de Stripe a la que pertenece el lector.</translation>
    </message>
    <message>
        <source>New location name</source>
        <translation>Nombre de la nueva ubicación</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Calle</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>State / region</source>
        <translation>Provincia / región</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <source>Country (2 letters)</source>
        <translation>País (2 letras)</translation>
    </message>
    <message>
        <source>Like US, CA, ES.</source>
        <translation>Como US, CA, ES.</translation>
    </message>
    <message>
        <source>Create location</source>
        <translation>Crear ubicación</translation>
    </message>
    <message>
        <source>Create the new location at Stripe.</source>
        <translation>Crear la nueva ubicación en Stripe.</translation>
    </message>
    <message>
        <source>Registration code</source>
        <translation>Código de registro</translation>
    </message>
    <message>
        <source>The pairing code the reader shows.</source>
        <translation>El código de emparejamiento que muestra el lector.</translation>
    </message>
    <message>
        <source>Reader name</source>
        <translation>Nombre del lector</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Mostrador</translation>
    </message>
    <message>
        <source>Use the simulated reader (test key)</source>
        <translation>Usar el lector simulado (clave de prueba)</translation>
    </message>
    <message>
        <source>Fill in Stripe&apos;s simulated reader code (test keys only).</source>
        <translation>Rellenar el código del lector simulado de Stripe (solo claves de prueba).</translation>
    </message>
    <message>
        <source>New location…</source>
        <translation>Nueva ubicación…</translation>
    </message>
    <message>
        <source>This till&apos;s reader: {reader}</source>
        <translation>Lector de esta caja: {reader}</translation>
    </message>
    <message>
        <source>No reader registered yet.</source>
        <translation>Aún no hay lector registrado.</translation>
    </message>
    <message>
        <source>A location needs a name and a 2-letter country.</source>
        <translation>Una ubicación necesita nombre y un país de 2 letras.</translation>
    </message>
    <message>
        <source>Location {name} created.</source>
        <translation>Ubicación {name} creada.</translation>
    </message>
    <message>
        <source>Create the location first (or choose one).</source>
        <translation>Crea primero la ubicación (o elige una).</translation>
    </message>
    <message>
        <source>Location saved.</source>
        <translation>Ubicación guardada.</translation>
    </message>
    <message>
        <source>Reader {name} registered; the till takes cards on it from its next start.</source>
        <translation>Lector {name} registrado; la caja aceptará tarjetas en él desde su próximo inicio.</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>Payment stored offline — will be processed</source>
        <translation>Pago guardado sin conexión — se procesará</translation>
    </message>
    <message>
        <source>*** COPY — REPRINTED ***</source>
        <translation>*** COPIA — REIMPRESO ***</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>Pedido {number}</translation>
    </message>
    <message>
        <source>Order (not saved)</source>
        <translation>Pedido (sin guardar)</translation>
    </message>
    <message>
        <source>Served by {name}</source>
        <translation>Te atendió {name}</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Descuento</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuesto</translation>
    </message>
    <message>
        <source>Tax {name} {rate}</source>
        <translation>Impuesto {name} {rate}</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>TOTAL</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Propina</translation>
    </message>
    <message>
        <source>DECLINED</source>
        <translation>RECHAZADO</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsado</translation>
    </message>
    <message>
        <source>BALANCE DUE</source>
        <translation>SALDO PENDIENTE</translation>
    </message>
    <message>
        <source>Written off</source>
        <translation>Dado por perdido</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>¡Gracias!</translation>
    </message>
    <message>
        <source>Discount {percent}</source>
        <translation>Descuento {percent}</translation>
    </message>
    <message>
        <source>{card} (stored offline)</source>
        <translation>{card} (guardado sin conexión)</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Efectivo</translation>
    </message>
    <message>
        <source>declined: {reason}</source>
        <translation>rechazado: {reason}</translation>
    </message>
</context>
<context>
    <name>ReceiptView</name>
    <message>
        <source>The receipt of the order: print it, or start a new order (Enter).</source>
        <translation>El ticket del pedido: imprímelo o empieza un pedido nuevo (Enter).</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Imprimir</translation>
    </message>
    <message>
        <source>Print this receipt (Ctrl+P).</source>
        <translation>Imprimir este ticket (Ctrl+P).</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Nuevo pedido</translation>
    </message>
    <message>
        <source>Back to the till for the next order (Enter).</source>
        <translation>Volver a la caja para el siguiente pedido (Enter).</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reimprimir</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>{headline} — order {number}</source>
        <translation>{headline} — pedido {number}</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>Cambio {amount}</translation>
    </message>
    <message>
        <source>No change due</source>
        <translation>Sin cambio</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>The till&apos;s data is locked</source>
        <translation>Los datos de la caja están bloqueados</translation>
    </message>
    <message>
        <source>The till cannot start</source>
        <translation>La caja no puede arrancar</translation>
    </message>
</context>
<context>
    <name>RecoveryWindow</name>
    <message>
        <source>Start a new, empty till database</source>
        <translation>Crear una base de datos de caja nueva y vacía</translation>
    </message>
    <message>
        <source>Dripos Terminal — cannot open the till&apos;s data</source>
        <translation>Dripos Terminal — no se pueden abrir los datos de la caja</translation>
    </message>
    <message>
        <source>Data folder: {path}</source>
        <translation>Carpeta de datos: {path}</translation>
    </message>
    <message>
        <source>Manager&apos;s recovery passphrase, to confirm</source>
        <translation>Frase de recuperación del encargado, para confirmar</translation>
    </message>
    <message>
        <source>Manager&apos;s recovery passphrase</source>
        <translation>Frase de recuperación del encargado</translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation>Frase de recuperación</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Open the data with it (Enter).</source>
        <translation>Abrir los datos con ella (Enter).</translation>
    </message>
    <message>
        <source>Replace the lost database with a new, empty one; the recovery file is kept.</source>
        <translation>Sustituir la base de datos perdida por una nueva y vacía; el archivo de recuperación se conserva.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Close the till.</source>
        <translation>Cerrar el programa.</translation>
    </message>
</context>
<context>
    <name>Refunds</name>
    <message>
        <source>This card payment is still being sent to Stripe; try the refund again once the offline queue shows its outcome</source>
        <translation>Este pago con tarjeta aún se está enviando a Stripe; reintenta el reembolso cuando la cola sin conexión muestre su resultado</translation>
    </message>
    <message>
        <source>A stored offline payment can only be given back in full before it is sent</source>
        <translation>Un pago guardado sin conexión solo se puede devolver entero antes de enviarlo</translation>
    </message>
    <message>
        <source>Only an approved card payment can be refunded</source>
        <translation>Solo se puede reembolsar un pago con tarjeta aprobado</translation>
    </message>
    <message>
        <source>An earlier refund for this payment is still unconfirmed — retry that one</source>
        <translation>Un reembolso anterior de este pago aún no está confirmado — reintenta ese</translation>
    </message>
    <message>
        <source>A refund must be more than nothing and at most the {left} left.</source>
        <translation>El reembolso debe ser mayor que cero y como máximo los {left} restantes.</translation>
    </message>
    <message>
        <source>This refund is over a day old and unconfirmed — check it in Stripe</source>
        <translation>Este reembolso tiene más de un día y no está confirmado — revísalo en Stripe</translation>
    </message>
    <message>
        <source>Stripe did not confirm the refund — try again; it will not be refunded twice</source>
        <translation>Stripe no confirmó el reembolso — inténtalo de nuevo; no se reembolsará dos veces</translation>
    </message>
    <message>
        <source>Stripe refused the refund: {reason}</source>
        <translation>Stripe rechazó el reembolso: {reason}</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>motivo desconocido</translation>
    </message>
    <message>
        <source>An earlier refund is still unconfirmed by Stripe — try again shortly</source>
        <translation>Stripe aún no ha confirmado un reembolso anterior — inténtalo de nuevo en breve</translation>
    </message>
    <message>
        <source>The card payment for this tender is not on this till; refund it in Stripe</source>
        <translation>El pago con tarjeta de este cobro no está en esta caja; reembólsalo en Stripe</translation>
    </message>
    <message>
        <source>Card payments are off on this till; refund this payment in Stripe</source>
        <translation>Los pagos con tarjeta están desactivados en esta caja; reembolsa este pago en Stripe</translation>
    </message>
    <message>
        <source>This offline payment is not on this till; refund it in Stripe</source>
        <translation>Este pago sin conexión no está en esta caja; reembólsalo en Stripe</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Card on reader</source>
        <translation>Tarjeta en lector</translation>
    </message>
    <message>
        <source>Manual card entry</source>
        <translation>Entrada manual de tarjeta</translation>
    </message>
    <message>
        <source>Offline, forwarded</source>
        <translation>Sin conexión, enviados</translation>
    </message>
    <message>
        <source>Offline, outstanding</source>
        <translation>Sin conexión, pendientes</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Efectivo</translation>
    </message>
    <message>
        <source>Written off</source>
        <translation>Dado por perdido</translation>
    </message>
</context>
<context>
    <name>ReportPdf</name>
    <message>
        <source>not counted</source>
        <translation>sin contar</translation>
    </message>
    <message>
        <source>Z report #{0}</source>
        <translation>Informe Z #{0}</translation>
    </message>
    <message>
        <source>X report (not a close)</source>
        <translation>Informe X (no es un cierre)</translation>
    </message>
    <message>
        <source>{0} — business day {1}</source>
        <translation>{0} — jornada {1}</translation>
    </message>
    <message>
        <source>Generated {0}</source>
        <translation>Generado {0}</translation>
    </message>
    <message>
        <source>Taken by {0}</source>
        <translation>Hecho por {0}</translation>
    </message>
    <message>
        <source>Gross sales</source>
        <translation>Ventas brutas</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>Descuentos</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuesto</translation>
    </message>
    <message>
        <source>Tips</source>
        <translation>Propinas</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Reembolsos</translation>
    </message>
    <message>
        <source>Balance due</source>
        <translation>Saldo pendiente</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Tenders</source>
        <translation>Cobros</translation>
    </message>
    <message>
        <source>Tax by class</source>
        <translation>Impuesto por tipo</translation>
    </message>
    <message>
        <source>Voids ({0})</source>
        <translation>Anulaciones ({0})</translation>
    </message>
    <message>
        <source>Refunds ({0})</source>
        <translation>Reembolsos ({0})</translation>
    </message>
    <message>
        <source>Sales by hour</source>
        <translation>Ventas por hora</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Cajón</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Esperado</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Contado</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>Diferencia</translation>
    </message>
    <message>
        <source>Offline outstanding ({0})</source>
        <translation>Pendientes sin conexión ({0})</translation>
    </message>
    <message>
        <source>Declined after forwarding</source>
        <translation>Rechazados tras el envío</translation>
    </message>
    <message>
        <source>Carried over to the next day: {0} payment(s)</source>
        <translation>Pasados al día siguiente: {0} pago(s)</translation>
    </message>
    <message>
        <source>Top items</source>
        <translation>Más vendidos</translation>
    </message>
    <message>
        <source>Approved ({0})</source>
        <translation>Aprobados ({0})</translation>
    </message>
    <message>
        <source>Declined ({0})</source>
        <translation>Rechazados ({0})</translation>
    </message>
    <message>
        <source>Voided before sending ({0})</source>
        <translation>Anulados antes de enviar ({0})</translation>
    </message>
    <message>
        <source>Total ({0})</source>
        <translation>Total ({0})</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Report message</source>
        <translation>Mensaje del informe</translation>
    </message>
    <message>
        <source>Carry unresolved payments over to the next day</source>
        <translation>Pasar los pagos sin resolver al día siguiente</translation>
    </message>
    <message>
        <source>A manager&apos;s decision, recorded: the Z report closes the day with them carried over</source>
        <translation>Decisión del encargado, queda registrada: el informe Z cierra el día pasándolos al siguiente</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Returns to the manager&apos;s screen</source>
        <translation>Vuelve a la pantalla del encargado</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>Informe X</translation>
    </message>
    <message>
        <source>Adds up the day so far without closing it</source>
        <translation>Suma el día hasta ahora sin cerrarlo</translation>
    </message>
    <message>
        <source>Take Z report…</source>
        <translation>Hacer informe Z…</translation>
    </message>
    <message>
        <source>Closes the business day with a numbered report that never changes</source>
        <translation>Cierra la jornada con un informe numerado que nunca cambia</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Saves the report as a CSV file</source>
        <translation>Guarda el informe como archivo CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Exportar PDF</translation>
    </message>
    <message>
        <source>Saves the report as a PDF file</source>
        <translation>Guarda el informe como archivo PDF</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Imprimir</translation>
    </message>
    <message>
        <source>Prints the report on the receipt printer</source>
        <translation>Imprime el informe en la impresora de tickets</translation>
    </message>
    <message>
        <source>Adding up the day…</source>
        <translation>Sumando el día…</translation>
    </message>
    <message>
        <source>Taking the Z report closes the business day: a manager decides.</source>
        <translation>Hacer el informe Z cierra la jornada: lo decide un encargado.</translation>
    </message>
    <message>
        <source>The Z report closes today&apos;s business day: it is numbered and never changes, and new sales go to the next business day.</source>
        <translation>El informe Z cierra la jornada de hoy: queda numerado y no cambia nunca, y las ventas nuevas van a la siguiente jornada.</translation>
    </message>
    <message>
        <source>Payments without a final outcome are carried over to the next day. This decision is recorded with your name.</source>
        <translation>Los pagos sin resultado final pasan al día siguiente. Esta decisión queda registrada con tu nombre.</translation>
    </message>
    <message>
        <source>Take the Z report</source>
        <translation>Hacer el informe Z</translation>
    </message>
    <message>
        <source>Take Z report</source>
        <translation>Hacer informe Z</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Closing the day…</source>
        <translation>Cerrando el día…</translation>
    </message>
    <message>
        <source>Z report #{0} taken; the business day is closed.</source>
        <translation>Informe Z #{0} hecho; la jornada está cerrada.</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>Guardado: {0}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Impreso</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <source>Report title</source>
        <translation>Título del informe</translation>
    </message>
    <message>
        <source>Report balance check</source>
        <translation>Cuadre del informe</translation>
    </message>
    <message>
        <source>Declines, drawer and top items</source>
        <translation>Rechazos, cajón y más vendidos</translation>
    </message>
    <message>
        <source>not counted</source>
        <translation>sin contar</translation>
    </message>
    <message>
        <source>Z report #{0} — {1}</source>
        <translation>Informe Z #{0} — {1}</translation>
    </message>
    <message>
        <source>X report — {0} (figures so far; not a close)</source>
        <translation>Informe X — {0} (cifras hasta ahora; no es un cierre)</translation>
    </message>
    <message>
        <source>balances</source>
        <translation>cuadra</translation>
    </message>
    <message>
        <source>DOES NOT BALANCE</source>
        <translation>NO CUADRA</translation>
    </message>
    <message>
        <source>Tenders {0} + balance due {1} = sales {2}: {3}</source>
        <translation>Cobros {0} + saldo pendiente {1} = ventas {2}: {3}</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Gross sales</source>
        <translation>Ventas brutas</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>Descuentos</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuesto</translation>
    </message>
    <message>
        <source>Tips</source>
        <translation>Propinas</translation>
    </message>
    <message>
        <source>Refunds ({0})</source>
        <translation>Reembolsos ({0})</translation>
    </message>
    <message>
        <source>Voids ({0})</source>
        <translation>Anulaciones ({0})</translation>
    </message>
    <message>
        <source>Balance due</source>
        <translation>Saldo pendiente</translation>
    </message>
    <message>
        <source>Tax {0} {1}</source>
        <translation>Impuesto {0} {1}</translation>
    </message>
    <message>
        <source>Cash drawer: expected {0}, counted {1}, variance {2}</source>
        <translation>Cajón: esperado {0}, contado {1}, diferencia {2}</translation>
    </message>
    <message>
        <source>Offline: {0} outstanding ({1}), {2} declined after forwarding</source>
        <translation>Sin conexión: {0} pendientes ({1}), {2} rechazados tras el envío</translation>
    </message>
    <message>
        <source>balance due</source>
        <translation>saldo pendiente</translation>
    </message>
    <message>
        <source>collected</source>
        <translation>cobrado</translation>
    </message>
    <message>
        <source>written off</source>
        <translation>dado por perdido</translation>
    </message>
    <message>
        <source>  {0}: {1} declined ({2}); {3}{4}, still owed {5}</source>
        <translation>  {0}: {1} rechazado ({2}); {3}{4}, aún se debe {5}</translation>
    </message>
    <message>
        <source>Carried over to the next day: {0} payment(s)</source>
        <translation>Pasados al día siguiente: {0} pago(s)</translation>
    </message>
    <message>
        <source>Earlier days&apos; orders still owing: {0} ({1})</source>
        <translation>Pedidos de días anteriores aún pendientes: {0} ({1})</translation>
    </message>
    <message>
        <source>Top items:</source>
        <translation>Más vendidos:</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>That business day has not started yet.</source>
        <translation>Esa jornada aún no ha empezado.</translation>
    </message>
    <message>
        <source>{count} payment(s) ({amount}) have no final outcome yet: forward and resolve them first, or carry them over to the next day (a manager&apos;s decision, recorded).</source>
        <translation>{count} pago(s) ({amount}) aún sin resultado final: envíalos y resuélvelos primero, o pásalos al día siguiente (decisión del encargado, queda registrada).</translation>
    </message>
    <message>
        <source>A drawer session of this day is still open: count and close the drawer first.</source>
        <translation>Aún hay una sesión de cajón abierta de este día: cuenta y cierra el cajón primero.</translation>
    </message>
    <message>
        <source>The day&apos;s figures do not balance; nothing was stored. Report this.</source>
        <translation>Las cifras del día no cuadran; no se guardó nada. Informa de ello.</translation>
    </message>
    <message>
        <source>The Z report for {day} was already taken on this till.</source>
        <translation>El informe Z de {day} ya se hizo en esta caja.</translation>
    </message>
</context>
<context>
    <name>SafeModeStrip</name>
    <message>
        <source>Safe mode: cash only. The till&apos;s settings file has a problem, so card payments are off.</source>
        <translation>Modo seguro: solo efectivo. El archivo de ajustes de la caja tiene un problema, así que los pagos con tarjeta están desactivados.</translation>
    </message>
    <message>
        <source>To fix: {fix}</source>
        <translation>Para solucionarlo: {fix}</translation>
    </message>
</context>
<context>
    <name>Sales</name>
    <message>
        <source>The till stopped before this sale was paid in full</source>
        <translation>La caja se detuvo antes de cobrar esta venta por completo</translation>
    </message>
    <message>
        <source>The order is paid: a tip goes with a payment.</source>
        <translation>El pedido está pagado: la propina va con un pago.</translation>
    </message>
    <message>
        <source>A tip cannot be negative.</source>
        <translation>La propina no puede ser negativa.</translation>
    </message>
    <message>
        <source>This order is already paid.</source>
        <translation>Este pedido ya está pagado.</translation>
    </message>
    <message>
        <source>A tip needs a payment to carry it.</source>
        <translation>La propina necesita un pago que la lleve.</translation>
    </message>
    <message>
        <source>{due} is still due.</source>
        <translation>Quedan {due} pendientes.</translation>
    </message>
    <message>
        <source>Only an order with a balance due can take another payment.</source>
        <translation>Solo un pedido con saldo pendiente admite otro pago.</translation>
    </message>
    <message>
        <source>That order is not on this till.</source>
        <translation>Ese pedido no está en esta caja.</translation>
    </message>
    <message>
        <source>Nothing is owed on that order.</source>
        <translation>Ese pedido no tiene nada pendiente.</translation>
    </message>
    <message>
        <source>Nothing is left to refund on this order.</source>
        <translation>No queda nada por reembolsar en este pedido.</translation>
    </message>
    <message>
        <source>Refunds for {kind} payments are not available on this till yet.</source>
        <translation>Los reembolsos de pagos de tipo {kind} aún no están disponibles en esta caja.</translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message>
        <source>Sell: choose items on the left, the order and Pay on the right.</source>
        <translation>Vender: elige artículos a la izquierda; el pedido y Cobrar, a la derecha.</translation>
    </message>
    <message>
        <source>The items of {category}.</source>
        <translation>Los artículos de {category}.</translation>
    </message>
    <message>
        <source>86 — sold out</source>
        <translation>86 — agotado</translation>
    </message>
    <message>
        <source>Add {item} to the order.</source>
        <translation>Añadir {item} al pedido.</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Nuevo pedido</translation>
    </message>
    <message>
        <source>The items of this order. The selected line is the one +, − and Remove change.</source>
        <translation>Los artículos de este pedido. La línea seleccionada es la que cambian +, − y Quitar.</translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation>Líneas del pedido</translation>
    </message>
    <message>
        <source>One fewer of the selected line.</source>
        <translation>Uno menos de la línea seleccionada.</translation>
    </message>
    <message>
        <source>Quantity down</source>
        <translation>Menos cantidad</translation>
    </message>
    <message>
        <source>One more of the selected line.</source>
        <translation>Uno más de la línea seleccionada.</translation>
    </message>
    <message>
        <source>Quantity up</source>
        <translation>Más cantidad</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Take the selected line off.</source>
        <translation>Quitar la línea seleccionada.</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Dto. línea</translation>
    </message>
    <message>
        <source>A discount on the selected line (a manager&apos;s PIN for a barista).</source>
        <translation>Un descuento en la línea seleccionada (PIN de encargado para un barista).</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>Descuentos</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuesto</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>Dto. pedido</translation>
    </message>
    <message>
        <source>A discount on the whole order (a manager&apos;s PIN for a barista).</source>
        <translation>Un descuento en todo el pedido (PIN de encargado para un barista).</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <source>Start this order again, empty.</source>
        <translation>Empezar de nuevo este pedido, vacío.</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>Abrir cajón</translation>
    </message>
    <message>
        <source>Open the cash drawer without a sale (a manager&apos;s PIN for a barista).</source>
        <translation>Abrir el cajón sin una venta (PIN de encargado para un barista).</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Cobrar</translation>
    </message>
    <message>
        <source>Take payment for this order (Enter).</source>
        <translation>Cobrar este pedido (Enter).</translation>
    </message>
    <message>
        <source>Not possible</source>
        <translation>No es posible</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Discount on {item}</source>
        <translation>Descuento en {item}</translation>
    </message>
    <message>
        <source>Discount on the order</source>
        <translation>Descuento en el pedido</translation>
    </message>
    <message>
        <source>Discounts need a manager. Ask a manager to enter their PIN.</source>
        <translation>Los descuentos requieren un encargado. Pide a un encargado que introduzca su PIN.</translation>
    </message>
    <message>
        <source>Opening the drawer without a sale needs a manager. Ask a manager to enter their PIN.</source>
        <translation>Abrir el cajón sin una venta requiere un encargado. Pide a un encargado que introduzca su PIN.</translation>
    </message>
    <message>
        <source>Finish or clear the order on the till first, then take that payment.</source>
        <translation>Termina o vacía primero el pedido de la caja y luego cobra ese pago.</translation>
    </message>
    <message>
        <source>Pay {amount}</source>
        <translation>Cobrar {amount}</translation>
    </message>
    <message>
        <source>{quantity} × {item}    {amount}</source>
        <translation>{quantity} × {item}    {amount}</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Settings for managers (a manager&apos;s PIN).</source>
        <translation>Ajustes para encargados (PIN de encargado).</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Procesando…</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings for managers: the shop, Stripe, the printer, staff, the menu and display.</source>
        <translation>Ajustes para encargados: la tienda, Stripe, la impresora, el personal, la carta y la pantalla.</translation>
    </message>
    <message>
        <source>The settings pages; choose one to show it.</source>
        <translation>Las páginas de ajustes; elige una para mostrarla.</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Páginas de ajustes</translation>
    </message>
    <message>
        <source>Back to the till</source>
        <translation>Volver a la caja</translation>
    </message>
    <message>
        <source>Leave Settings.</source>
        <translation>Salir de Ajustes.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Save this page&apos;s settings.</source>
        <translation>Guardar los ajustes de esta página.</translation>
    </message>
    <message>
        <source>Changes are made as {name} and recorded in the audit log.</source>
        <translation>Los cambios se hacen como {name} y quedan en el registro de auditoría.</translation>
    </message>
    <message>
        <source>Settings are for managers. Ask a manager to enter their PIN.</source>
        <translation>Los ajustes son para encargados. Pide a un encargado que introduzca su PIN.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up Dripos Terminal</source>
        <translation>Configurar Dripos Terminal</translation>
    </message>
    <message>
        <source>The first set-up of the till, step by step; every step can be skipped.</source>
        <translation>La primera configuración de la caja, paso a paso; puedes saltar cualquier paso.</translation>
    </message>
    <message>
        <source>Set-up</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Every step can be skipped and done later in Settings.</source>
        <translation>Puedes saltar cualquier paso y hacerlo más tarde en Ajustes.</translation>
    </message>
    <message>
        <source>The set-up steps and where you are.</source>
        <translation>Los pasos de configuración y dónde estás.</translation>
    </message>
    <message>
        <source>Set-up steps</source>
        <translation>Pasos de configuración</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>The step before.</source>
        <translation>El paso anterior.</translation>
    </message>
    <message>
        <source>Skip for now</source>
        <translation>Saltar por ahora</translation>
    </message>
    <message>
        <source>Leave this step for Settings later.</source>
        <translation>Dejar este paso para Ajustes más tarde.</translation>
    </message>
    <message>
        <source>Save and continue</source>
        <translation>Guardar y seguir</translation>
    </message>
    <message>
        <source>Save this step and go to the next.</source>
        <translation>Guardar este paso e ir al siguiente.</translation>
    </message>
    <message>
        <source>{action} and finish</source>
        <translation>{action} y terminar</translation>
    </message>
    <message>
        <source>{action} and continue</source>
        <translation>{action} y seguir</translation>
    </message>
    <message>
        <source>Skip and finish</source>
        <translation>Saltar y terminar</translation>
    </message>
    <message>
        <source>Could not record the step: {error}</source>
        <translation>No se pudo registrar el paso: {error}</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Mantenimiento</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Degradado</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>Caída</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <source>{text} is not a percentage like 8.75</source>
        <translation>{text} no es un porcentaje como 8,75</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation>Tu tienda</translation>
    </message>
    <message>
        <source>The name and address printed on every receipt, the currency, and the sales tax rates.</source>
        <translation>El nombre y la dirección impresos en cada ticket, la moneda y los tipos de impuesto sobre ventas.</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Nombre de la tienda</translation>
    </message>
    <message>
        <source>Printed at the top of every receipt.</source>
        <translation>Se imprime en la parte superior de cada ticket.</translation>
    </message>
    <message>
        <source>Address (one line)</source>
        <translation>Dirección (una línea)</translation>
    </message>
    <message>
        <source>Printed under the name on every receipt.</source>
        <translation>Se imprime bajo el nombre en cada ticket.</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>The currency of the menu and of every payment.</source>
        <translation>La moneda de la carta y de cada pago.</translation>
    </message>
    <message>
        <source>Tax % — {tax_class}</source>
        <translation>Impuesto % — {tax_class}</translation>
    </message>
    <message>
        <source>The sales tax rate for {tax_class}, like 8.75.</source>
        <translation>El tipo de impuesto sobre ventas para {tax_class}, como 8,75.</translation>
    </message>
    <message>
        <source>Tip choices (percent, comma separated)</source>
        <translation>Opciones de propina (porcentaje, separadas por comas)</translation>
    </message>
    <message>
        <source>The tip buttons offered at payment, like 15, 18, 20.</source>
        <translation>Los botones de propina que se ofrecen al cobrar, como 15, 18, 20.</translation>
    </message>
    <message>
        <source>Enter the shop&apos;s name: it heads every receipt.</source>
        <translation>Introduce el nombre de la tienda: encabeza cada ticket.</translation>
    </message>
    <message>
        <source>Saved. Receipts use the new name at once.</source>
        <translation>Guardado. Los tickets usan ya el nuevo nombre.</translation>
    </message>
    <message>
        <source>Saved. Receipts use the new name at once. The new currency applies from the next start.</source>
        <translation>Guardado. Los tickets usan ya el nuevo nombre. La nueva moneda se aplica desde el próximo inicio.</translation>
    </message>
</context>
<context>
    <name>Staff</name>
    <message>
        <source>barista</source>
        <translation>barista</translation>
    </message>
    <message>
        <source>shift lead</source>
        <translation>jefe de turno</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>encargado</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>vender</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>aplicar descuentos</translation>
    </message>
    <message>
        <source>void</source>
        <translation>anular</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>reembolsar</translation>
    </message>
    <message>
        <source>no sale</source>
        <translation>abrir cajón</translation>
    </message>
    <message>
        <source>go offline</source>
        <translation>pasar a sin conexión</translation>
    </message>
    <message>
        <source>manual card entry</source>
        <translation>introducir tarjeta a mano</translation>
    </message>
    <message>
        <source>override offline caps</source>
        <translation>saltar límites sin conexión</translation>
    </message>
    <message>
        <source>close batch</source>
        <translation>cerrar lote</translation>
    </message>
    <message>
        <source>reports</source>
        <translation>ver informes</translation>
    </message>
    <message>
        <source>settings</source>
        <translation>cambiar ajustes</translation>
    </message>
    <message>
        <source>manage staff</source>
        <translation>gestionar personal</translation>
    </message>
    <message>
        <source>A name is 1 to {count} characters.</source>
        <translation>Un nombre tiene de 1 a {count} caracteres.</translation>
    </message>
    <message>
        <source>A PIN is {low} to {high} digits.</source>
        <translation>Un PIN tiene de {low} a {high} dígitos.</translation>
    </message>
    <message>
        <source>{name} may not {action}.</source>
        <translation>{name} no puede {action}.</translation>
    </message>
    <message>
        <source>Not authorised to {action}.</source>
        <translation>Sin autorización para {action}.</translation>
    </message>
    <message>
        <source>There is no such member of staff on this till.</source>
        <translation>No existe ese miembro del personal en esta caja.</translation>
    </message>
    <message>
        <source>This till already has staff; a manager adds more in Settings → Staff.</source>
        <translation>Esta caja ya tiene personal; un encargado añade más en Ajustes → Personal.</translation>
    </message>
    <message>
        <source>The first member of staff must be a manager.</source>
        <translation>El primer miembro del personal debe ser encargado.</translation>
    </message>
    <message>
        <source>You cannot change the role of the last manager. Add another manager first.</source>
        <translation>No puedes cambiar el rol del último encargado. Añade antes otro encargado.</translation>
    </message>
    <message>
        <source>You cannot disable the last manager. Add another manager first.</source>
        <translation>No puedes desactivar al último encargado. Añade antes otro encargado.</translation>
    </message>
    <message>
        <source>That PIN is already in use on this till. Choose another one.</source>
        <translation>Ese PIN ya se usa en esta caja. Elige otro.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {seconds} seconds.</source>
        <translation>Demasiados PIN incorrectos. Inténtalo de nuevo en {seconds} segundos.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. PIN entry is locked for {seconds} seconds.</source>
        <translation>Demasiados PIN incorrectos. La entrada de PIN está bloqueada {seconds} segundos.</translation>
    </message>
    <message>
        <source>That PIN is not right. 1 try left.</source>
        <translation>Ese PIN no es correcto. Queda 1 intento.</translation>
    </message>
    <message>
        <source>That PIN is not right. {count} tries left.</source>
        <translation>Ese PIN no es correcto. Quedan {count} intentos.</translation>
    </message>
    <message>
        <source>{name} may not approve this.</source>
        <translation>{name} no puede aprobar esto.</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Everyone who signs in with a PIN. Baristas sell; shift leads may also discount, void, refund and switch to offline payments; managers do everything, including Settings.</source>
        <translation>Todos los que entran con un PIN. Los baristas venden; los jefes de turno también pueden aplicar descuentos, anular, reembolsar y pasar a pagos sin conexión; los encargados lo hacen todo, incluidos los Ajustes.</translation>
    </message>
    <message>
        <source>Save member</source>
        <translation>Guardar miembro</translation>
    </message>
    <message>
        <source>Choose a member of staff to change, or add one.</source>
        <translation>Elige un miembro del personal para cambiarlo, o añade uno.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>The name shown when they sign in.</source>
        <translation>El nombre que se muestra al entrar.</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>What they may do on the till.</source>
        <translation>Lo que puede hacer en la caja.</translation>
    </message>
    <message>
        <source>PIN ({low} to {high} digits)</source>
        <translation>PIN (de {low} a {high} dígitos)</translation>
    </message>
    <message>
        <source>A new PIN; leave empty to keep the current one.</source>
        <translation>Un PIN nuevo; déjalo vacío para mantener el actual.</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Repetir PIN</translation>
    </message>
    <message>
        <source>The same PIN once more.</source>
        <translation>El mismo PIN otra vez.</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Desactivar</translation>
    </message>
    <message>
        <source>Stop this member signing in, or let them sign in again.</source>
        <translation>Impedir que este miembro entre, o dejar que vuelva a entrar.</translation>
    </message>
    <message>
        <source>＋ Add a member of staff</source>
        <translation>＋ Añadir miembro del personal</translation>
    </message>
    <message>
        <source> — disabled</source>
        <translation> — desactivado</translation>
    </message>
    <message>
        <source>Enable again</source>
        <translation>Reactivar</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Los dos PIN no coinciden.</translation>
    </message>
    <message>
        <source>A new member needs a PIN.</source>
        <translation>Un miembro nuevo necesita un PIN.</translation>
    </message>
    <message>
        <source>{name} added as {role}.</source>
        <translation>{name} añadido como {role}.</translation>
    </message>
    <message>
        <source>{name} saved with a new PIN.</source>
        <translation>{name} guardado con un PIN nuevo.</translation>
    </message>
    <message>
        <source>{name} saved.</source>
        <translation>{name} guardado.</translation>
    </message>
    <message>
        <source>{name} can sign in again.</source>
        <translation>{name} puede volver a entrar.</translation>
    </message>
    <message>
        <source>{name} can no longer sign in.</source>
        <translation>{name} ya no puede entrar.</translation>
    </message>
</context>
<context>
    <name>StatusFeed</name>
    <message>
        <source>{feed} {component}: {status}</source>
        <translation>{feed} {component}: {status}</translation>
    </message>
    <message>
        <source>{feed} reports {component} as {status}.</source>
        <translation>{feed} indica que {component} está: {status}.</translation>
    </message>
    <message>
        <source>Maintenance in progress: {name}</source>
        <translation>Mantenimiento en curso: {name}</translation>
    </message>
    <message>
        <source>Scheduled maintenance: {name}</source>
        <translation>Mantenimiento programado: {name}</translation>
    </message>
</context>
<context>
    <name>StatusFeedPage</name>
    <message>
        <source>Status feed</source>
        <translation>Fuente de estado</translation>
    </message>
    <message>
        <source>The incident banner reads a status page (Statuspage summary.json or an Atom feed) and watches the components you name. The preview shows what the feed says right now.</source>
        <translation>El aviso de incidencias lee una página de estado (summary.json de Statuspage o un feed Atom) y vigila los componentes que indiques. La vista previa muestra lo que dice la fuente ahora mismo.</translation>
    </message>
    <message>
        <source>Feed address</source>
        <translation>Dirección de la fuente</translation>
    </message>
    <message>
        <source>The status page&apos;s summary.json or Atom feed address.</source>
        <translation>La dirección del summary.json o del feed Atom de la página de estado.</translation>
    </message>
    <message>
        <source>Watched components (comma separated)</source>
        <translation>Componentes vigilados (separados por comas)</translation>
    </message>
    <message>
        <source>The components whose trouble raises the banner, like Terminal, API.</source>
        <translation>Los componentes cuyos problemas activan el aviso, como Terminal, API.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Ask the feed what it says now.</source>
        <translation>Consultar lo que dice la fuente ahora.</translation>
    </message>
    <message>
        <source>Asking the feed…</source>
        <translation>Consultando la fuente…</translation>
    </message>
    <message>
        <source>The feed says now: {text}</source>
        <translation>La fuente dice ahora: {text}</translation>
    </message>
    <message>
        <source>The address starts with https://</source>
        <translation>La dirección empieza por https://</translation>
    </message>
    <message>
        <source>Saved. The banner uses the new feed after the next start.</source>
        <translation>Guardado. El aviso usará la nueva fuente tras el próximo inicio.</translation>
    </message>
</context>
<context>
    <name>StoreError</name>
    <message>
        <source>The till could not use its local database. Keep selling with cash; nothing saved has been lost.</source>
        <translation>La caja no pudo usar su base de datos local. Sigue vendiendo en efectivo; no se ha perdido nada guardado.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is full, so the last change was not saved. Everything saved before is safe. Ask a manager to free disk space; take cash until then.</source>
        <translation>El disco de la caja está lleno, así que el último cambio no se guardó. Todo lo guardado antes está a salvo. Pide a un encargado que libere espacio en disco; hasta entonces, cobra en efectivo.</translation>
    </message>
    <message>
        <source>The till&apos;s database is busy (another copy of Dripos Terminal may be running). Close other copies and try again; nothing has been lost.</source>
        <translation>La base de datos de la caja está ocupada (puede haber otra copia de Dripos Terminal en marcha). Cierra las otras copias e inténtalo de nuevo; no se ha perdido nada.</translation>
    </message>
    <message>
        <source>The stored key does not open this till&apos;s database (or the file is damaged). Nothing has been changed. A manager can unlock it with the recovery passphrase.</source>
        <translation>La clave guardada no abre la base de datos de esta caja (o el archivo está dañado). No se ha cambiado nada. Un encargado puede desbloquearla con la frase de recuperación.</translation>
    </message>
    <message>
        <source>The till&apos;s database file is not a Dripos Terminal database, or it is damaged. Nothing has been changed; contact support with this message.</source>
        <translation>El archivo de base de datos de la caja no es una base de datos de Dripos Terminal, o está dañado. No se ha cambiado nada; contacta con soporte con este mensaje.</translation>
    </message>
    <message>
        <source>The till&apos;s database file was not found. Nothing has been created; check the data folder or contact support.</source>
        <translation>No se encontró el archivo de base de datos de la caja. No se ha creado nada; revisa la carpeta de datos o contacta con soporte.</translation>
    </message>
    <message>
        <source>The till&apos;s database (dripos.db) is missing from the data folder, but the recovery copy of its key (key.recovery.json) is there: the database was moved or deleted, or a backup was only partly restored. Nothing has been changed. Restore dripos.db from a backup and start the till again. If it cannot be found, a manager can start a new, empty till database; the sales in the missing one will not be in it, and its recovery file is kept.</source>
        <translation>Falta la base de datos de la caja (dripos.db) en la carpeta de datos, pero la copia de recuperación de su clave (key.recovery.json) sí está: la base de datos se movió o se borró, o una copia de seguridad solo se restauró en parte. No se ha cambiado nada. Restaura dripos.db desde una copia de seguridad y vuelve a iniciar la caja. Si no aparece, un encargado puede crear una base de datos de caja nueva y vacía; las ventas de la que falta no estarán en ella, y su archivo de recuperación se conserva.</translation>
    </message>
    <message>
        <source>The till&apos;s database file (dripos.db) is empty (0 bytes): a copy or a disk failure lost its content. Nothing has been changed. Restore dripos.db from a backup and start the till again. If there is no backup, a manager can start a new, empty till database; the empty file and the old recovery file are kept.</source>
        <translation>El archivo de base de datos de la caja (dripos.db) está vacío (0 bytes): una copia o un fallo de disco perdió su contenido. No se ha cambiado nada. Restaura dripos.db desde una copia de seguridad y vuelve a iniciar la caja. Si no hay copia de seguridad, un encargado puede crear una base de datos de caja nueva y vacía; el archivo vacío y el antiguo archivo de recuperación se conservan.</translation>
    </message>
    <message>
        <source>Part of the till&apos;s database file (dripos.db) is damaged: it failed its integrity check, so the till will not use it. Nothing has been changed. Keep the file, restore dripos.db from a backup, or contact support with this message.</source>
        <translation>Parte del archivo de base de datos de la caja (dripos.db) está dañada: no superó la comprobación de integridad, así que la caja no lo usará. No se ha cambiado nada. Conserva el archivo, restaura dripos.db desde una copia de seguridad o contacta con soporte con este mensaje.</translation>
    </message>
    <message>
        <source>The recovery copy of the database key (key.recovery.json) is damaged: {problem}. Nothing has been changed; restore it from a backup or contact support.</source>
        <translation>La copia de recuperación de la clave de la base de datos (key.recovery.json) está dañada: {problem}. No se ha cambiado nada; restáurala desde una copia de seguridad o contacta con soporte.</translation>
    </message>
    <message>
        <source>The key for this till&apos;s encrypted database is not available from the system keyring. A manager can unlock the database with the recovery passphrase chosen at setup. No new key or database will be created, so no sales records are put at risk.</source>
        <translation>La clave de la base de datos cifrada de esta caja no está disponible en el llavero del sistema. Un encargado puede desbloquear la base de datos con la frase de recuperación elegida en la configuración. No se creará ninguna clave ni base de datos nueva, así que ningún registro de ventas corre peligro.</translation>
    </message>
    <message>
        <source>That recovery passphrase is not correct. Nothing has been changed; try again.</source>
        <translation>Esa frase de recuperación no es correcta. No se ha cambiado nada; inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Choose a recovery passphrase of at least 10 characters.</source>
        <translation>Elige una frase de recuperación de al menos 10 caracteres.</translation>
    </message>
    <message>
        <source>This installation lacks database encryption (SQLCipher 4), so the till refuses to store anything. Reinstall Dripos Terminal or contact support.</source>
        <translation>Esta instalación no tiene cifrado de base de datos (SQLCipher 4), así que la caja se niega a guardar nada. Reinstala Dripos Terminal o contacta con soporte.</translation>
    </message>
    <message>
        <source>The till&apos;s database cannot be written (read-only disk or wrong file permissions). The last change was not saved; contact support.</source>
        <translation>No se puede escribir en la base de datos de la caja (disco de solo lectura o permisos de archivo incorrectos). El último cambio no se guardó; contacta con soporte.</translation>
    </message>
    <message>
        <source>This database was written by a newer version of Dripos Terminal. Install that version (or newer) to open it; nothing has been changed.</source>
        <translation>Esta base de datos la escribió una versión más reciente de Dripos Terminal. Instala esa versión (o una posterior) para abrirla; no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>The key for this till&apos;s encrypted database is not in the system keyring, and the recovery file (key.recovery.json) is missing from the data folder. Nothing has been changed. Restore that file from a backup, then unlock with the recovery passphrase, or contact support.</source>
        <translation>La clave de la base de datos cifrada de esta caja no está en el llavero del sistema, y falta el archivo de recuperación (key.recovery.json) en la carpeta de datos. No se ha cambiado nada. Restaura ese archivo desde una copia de seguridad y desbloquea con la frase de recuperación, o contacta con soporte.</translation>
    </message>
    <message>
        <source>Setting up the till&apos;s encrypted database needs a recovery passphrase chosen by a manager. Nothing has been created.</source>
        <translation>Para configurar la base de datos cifrada de la caja hace falta una frase de recuperación elegida por un encargado. No se ha creado nada.</translation>
    </message>
    <message>
        <source>The till&apos;s database file (dripos.db) is empty (0 bytes), and the recovery file (key.recovery.json) is missing from the data folder. Nothing has been changed. Restore both from a backup, or contact support.</source>
        <translation>El archivo de base de datos de la caja (dripos.db) está vacío (0 bytes) y falta el archivo de recuperación (key.recovery.json) en la carpeta de datos. No se ha cambiado nada. Restaura ambos desde una copia de seguridad o contacta con soporte.</translation>
    </message>
    <message>
        <source>The till&apos;s database is in its place again, so nothing was replaced. Quit and start the till again.</source>
        <translation>La base de datos de la caja vuelve a estar en su sitio, así que no se ha reemplazado nada. Cierra y vuelve a iniciar la caja.</translation>
    </message>
    <message>
        <source>Type the recovery passphrase to start a new, empty till database.</source>
        <translation>Escribe la frase de recuperación para crear una base de datos de caja nueva y vacía.</translation>
    </message>
</context>
<context>
    <name>StripeKey</name>
    <message>
        <source>{mode} mode restricted key …{tail}</source>
        <translation>Clave restringida, modo {mode} …{tail}</translation>
    </message>
    <message>
        <source>{mode} mode secret key …{tail}</source>
        <translation>Clave secreta, modo {mode} …{tail}</translation>
    </message>
    <message>
        <source>This is a full secret key. A restricted key (rk_…) allowed only Terminal and PaymentIntents is safer on a till; create one in the Stripe Dashboard when you can.</source>
        <translation>Esta es una clave secreta completa. Una clave restringida (rk_…) que solo permita Terminal y PaymentIntents es más segura en una caja; crea una en el Dashboard de Stripe cuando puedas.</translation>
    </message>
    <message>
        <source>That is a publishable key (pk_…). The till needs a secret or restricted key.</source>
        <translation>Esa es una clave publicable (pk_…). La caja necesita una clave secreta o restringida.</translation>
    </message>
    <message>
        <source>That does not look like a Stripe secret key (sk_live_…, rk_live_… or the test kind).</source>
        <translation>No parece una clave secreta de Stripe (sk_live_…, rk_live_… o la de pruebas).</translation>
    </message>
    <message>
        <source>Stripe refused this key (wrong, expired or revoked). Copy it again from the Stripe Dashboard.</source>
        <translation>Stripe rechazó esta clave (incorrecta, caducada o revocada). Cópiala de nuevo del Dashboard de Stripe.</translation>
    </message>
    <message>
        <source>This restricted key may not use Stripe Terminal. Allow Terminal (write) for it in the Dashboard.</source>
        <translation>Esta clave restringida no puede usar Stripe Terminal. Permite Terminal (escritura) para ella en el Dashboard.</translation>
    </message>
    <message>
        <source>Stripe could not be reached to check the key. Check the internet connection and try again.</source>
        <translation>No se pudo contactar con Stripe para comprobar la clave. Revisa la conexión a internet e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Stripe did not accept the key: {reason}</source>
        <translation>Stripe no aceptó la clave: {reason}</translation>
    </message>
    <message>
        <source>the system keyring</source>
        <translation>el llavero del sistema</translation>
    </message>
    <message>
        <source>the encrypted store (no system keyring)</source>
        <translation>el almacén cifrado (sin llavero del sistema)</translation>
    </message>
    <message>
        <source>the encrypted store</source>
        <translation>el almacén cifrado</translation>
    </message>
</context>
<context>
    <name>StripeKeyPage</name>
    <message>
        <source>Stripe key</source>
        <translation>Clave de Stripe</translation>
    </message>
    <message>
        <source>Paste the shop&apos;s Stripe restricted key (rk_live_… or rk_test_… for testing). The till checks it with Stripe, then keeps it in the system keyring — never in a file.</source>
        <translation>Pega la clave restringida de Stripe de la tienda (rk_live_…, o rk_test_… para pruebas). La caja la comprueba con Stripe y la guarda en el llavero del sistema — nunca en un archivo.</translation>
    </message>
    <message>
        <source>Check and save</source>
        <translation>Comprobar y guardar</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Clave secreta</translation>
    </message>
    <message>
        <source>The restricted key; checked, then kept in the keyring.</source>
        <translation>La clave restringida; se comprueba y se guarda en el llavero.</translation>
    </message>
    <message>
        <source>Saved key</source>
        <translation>Clave guardada</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ninguna aún</translation>
    </message>
    <message>
        <source>Paste the key first.</source>
        <translation>Pega primero la clave.</translation>
    </message>
    <message>
        <source>Stripe accepted the key ({summary}); kept in {where}. Cards use it from the till&apos;s next start.</source>
        <translation>Stripe aceptó la clave ({summary}); guardada en {where}. Las tarjetas la usarán desde el próximo inicio de la caja.</translation>
    </message>
</context>
<context>
    <name>StripeSetup</name>
    <message>
        <source>No Stripe key is saved yet. Enter the key first (Settings → Stripe).</source>
        <translation>Aún no hay ninguna clave de Stripe guardada. Introduce primero la clave (Ajustes → Stripe).</translation>
    </message>
    <message>
        <source>Choose or create a location first: Stripe registers a reader at one.</source>
        <translation>Elige o crea primero una ubicación: Stripe registra cada lector en una.</translation>
    </message>
    <message>
        <source>The simulated reader works only with a test-mode key.</source>
        <translation>El lector simulado solo funciona con una clave de modo de pruebas.</translation>
    </message>
    <message>
        <source>Stripe refused the saved key. Enter it again in Settings → Stripe.</source>
        <translation>Stripe rechazó la clave guardada. Vuelve a introducirla en Ajustes → Stripe.</translation>
    </message>
    <message>
        <source>Stripe could not be reached. Check the connection and try again.</source>
        <translation>No se pudo contactar con Stripe. Revisa la conexión e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Stripe refused: {reason}</source>
        <translation>Stripe lo rechazó: {reason}</translation>
    </message>
</context>
<context>
    <name>Tender</name>
    <message>
        <source>Nothing is due.</source>
        <translation>No hay nada pendiente.</translation>
    </message>
    <message>
        <source>{received} is less than the {due} due.</source>
        <translation>{received} es menos que los {due} pendientes.</translation>
    </message>
    <message>
        <source>{received} does not cover the {tip} tip.</source>
        <translation>{received} no cubre la propina de {tip}.</translation>
    </message>
    <message>
        <source>A tip cannot be negative.</source>
        <translation>La propina no puede ser negativa.</translation>
    </message>
</context>
<context>
    <name>TenderDialog</name>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Take payment: tip, cash or card; split across several tenders.</source>
        <translation>Cobrar: propina, efectivo o tarjeta; divide entre varias formas de pago.</translation>
    </message>
    <message>
        <source>Total due</source>
        <translation>Total a pagar</translation>
    </message>
    <message>
        <source>Left to pay</source>
        <translation>Por pagar</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Propina</translation>
    </message>
    <message>
        <source>No tip</source>
        <translation>Sin propina</translation>
    </message>
    <message>
        <source>Tip choice (Ctrl+{key}).</source>
        <translation>Opción de propina (Ctrl+{key}).</translation>
    </message>
    <message>
        <source>The cash handed over: type it on the keypad or the keyboard.</source>
        <translation>El efectivo entregado: escríbelo en el teclado numérico o en el teclado.</translation>
    </message>
    <message>
        <source>Take cash</source>
        <translation>Cobrar efectivo</translation>
    </message>
    <message>
        <source>Take the amount typed in cash (Enter); less than is due is a split tender.</source>
        <translation>Cobrar en efectivo el importe escrito (Enter); menos de lo pendiente es un pago dividido.</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Pay what is left by card (Ctrl+K).</source>
        <translation>Pagar con tarjeta lo que queda (Ctrl+K).</translation>
    </message>
    <message>
        <source>Card payments: coming soon</source>
        <translation>Pagos con tarjeta: próximamente</translation>
    </message>
    <message>
        <source>Tenders</source>
        <translation>Cobros</translation>
    </message>
    <message>
        <source>What has been paid so far, tender by tender.</source>
        <translation>Lo pagado hasta ahora, pago a pago.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Back to the order (Escape).</source>
        <translation>Volver al pedido (Escape).</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Save the order again.</source>
        <translation>Guardar de nuevo el pedido.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Finish and show the receipt (Enter).</source>
        <translation>Terminar y mostrar el ticket (Enter).</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>The order could not be saved: {error}</source>
        <translation>No se pudo guardar el pedido: {error}</translation>
    </message>
    <message>
        <source>{message}
The order is kept — tap Try again.</source>
        <translation>{message}
El pedido se conserva — pulsa Reintentar.</translation>
    </message>
    <message>
        <source>Paid — order {number}</source>
        <translation>Pagado — pedido {number}</translation>
    </message>
    <message>
        <source>  (given {amount})</source>
        <translation>  (entregado {amount})</translation>
    </message>
    <message>
        <source>Change due</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Exact {amount}</source>
        <translation>Exacto {amount}</translation>
    </message>
    <message>
        <source>{amount} handed over in cash.</source>
        <translation>{amount} entregado en efectivo.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>Till</name>
    <message>
        <source>Till</source>
        <translation>Caja</translation>
    </message>
    <message>
        <source>Back to selling.</source>
        <translation>Volver a vender.</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Today&apos;s orders: receipts, voids and refunds.</source>
        <translation>Pedidos de hoy: tickets, anulaciones y reembolsos.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Sign out of the till.</source>
        <translation>Salir de la caja.</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
</context>
<context>
    <name>TillStatus</name>
    <message>
        <source>Cards off: no card reader (Settings → Card reader)</source>
        <translation>Tarjetas desactivadas: sin lector (Ajustes → Lector de tarjetas)</translation>
    </message>
    <message>
        <source>Cards off: no Stripe key (Settings → Stripe)</source>
        <translation>Tarjetas desactivadas: sin clave de Stripe (Ajustes → Stripe)</translation>
    </message>
    <message>
        <source>Cards off: safe mode (see the top of the screen)</source>
        <translation>Tarjetas desactivadas: modo seguro (mira arriba en la pantalla)</translation>
    </message>
    <message>
        <source>Whether card payments work on this till right now.</source>
        <translation>Si los pagos con tarjeta funcionan ahora mismo en esta caja.</translation>
    </message>
    <message>
        <source>The card reader is offline.</source>
        <translation>El lector está sin conexión.</translation>
    </message>
    <message>
        <source>The card reader did not respond.</source>
        <translation>El lector no respondió.</translation>
    </message>
    <message>
        <source>The card reader is busy with another payment.</source>
        <translation>El lector está ocupado con otro pago.</translation>
    </message>
    <message>
        <source>The card reader has a hardware fault.</source>
        <translation>El lector tiene un fallo de hardware.</translation>
    </message>
    <message>
        <source>Stripe cannot be reached.</source>
        <translation>No se puede contactar con Stripe.</translation>
    </message>
    <message>
        <source>Stripe is having problems.</source>
        <translation>Stripe tiene problemas.</translation>
    </message>
    <message>
        <source>Stripe is busy.</source>
        <translation>Stripe está ocupado.</translation>
    </message>
    <message>
        <source>The card was declined.</source>
        <translation>La tarjeta fue rechazada.</translation>
    </message>
    <message>
        <source>Cards ready</source>
        <translation>Tarjetas listas</translation>
    </message>
    <message>
        <source>Cards: checking earlier payments…</source>
        <translation>Tarjetas: comprobando pagos anteriores…</translation>
    </message>
    <message>
        <source>Cards ready — earlier payments not confirmed yet</source>
        <translation>Tarjetas listas — pagos anteriores aún sin confirmar</translation>
    </message>
    <message>
        <source>Cards: reader not responding</source>
        <translation>Tarjetas: el lector no responde</translation>
    </message>
    <message>
        <source>Cards: Stripe not reachable</source>
        <translation>Tarjetas: Stripe inaccesible</translation>
    </message>
    <message>
        <source>Cards: Stripe slow or failing</source>
        <translation>Tarjetas: Stripe lento o con fallos</translation>
    </message>
    <message>
        <source>Cards: Stripe reports problems</source>
        <translation>Tarjetas: Stripe informa de problemas</translation>
    </message>
    <message>
        <source>Cards stored offline</source>
        <translation>Tarjetas sin conexión</translation>
    </message>
    <message>
        <source>Cards stored offline — Stripe is back</source>
        <translation>Tarjetas guardadas sin conexión — Stripe ha vuelto</translation>
    </message>
    <message>
        <source>Card payments online</source>
        <translation>Pagos con tarjeta en línea</translation>
    </message>
    <message>
        <source>The card reader is not responding — key cards in, switch to offline payments, or take cash</source>
        <translation>El lector no responde — introduce las tarjetas a mano, pasa a pagos sin conexión o cobra en efectivo</translation>
    </message>
    <message>
        <source>Stripe is not reachable — switch to offline payments, or take cash</source>
        <translation>Stripe no es accesible — pasa a pagos sin conexión o cobra en efectivo</translation>
    </message>
    <message>
        <source>Stripe is slow or failing — card payments may not go through</source>
        <translation>Stripe va lento o falla — puede que los pagos con tarjeta no se completen</translation>
    </message>
    <message>
        <source>Stripe reports problems with card payments</source>
        <translation>Stripe informa de problemas con los pagos con tarjeta</translation>
    </message>
    <message>
        <source>Offline payments — cards are stored on this till and sent when Stripe is back</source>
        <translation>Pagos sin conexión — las tarjetas se guardan aquí y se envían al volver Stripe</translation>
    </message>
    <message>
        <source>Stripe is reachable again — card payments are still stored until you go back online</source>
        <translation>Stripe vuelve a ser accesible — los pagos con tarjeta siguen guardados hasta que vuelvas a conectarte</translation>
    </message>
    <message>
        <source>The till is taking offline payments: cards are stored on this till and sent when Stripe is back. Keep selling; cash works as usual.</source>
        <translation>Pagos sin conexión: las tarjetas se guardan aquí y se envían al volver Stripe. Sigue vendiendo; el efectivo funciona igual.</translation>
    </message>
    <message>
        <source>Stripe is reachable again. Go back online when you are ready; the stored payments will be sent.</source>
        <translation>Stripe vuelve a ser accesible. Vuelve a conectarte cuando estés listo; los pagos guardados se enviarán.</translation>
    </message>
    <message>
        <source>Nothing was charged. Try again, key the card in, or take the payment another way.</source>
        <translation>No se cobró nada. Inténtalo de nuevo, introduce la tarjeta a mano o cobra de otra forma.</translation>
    </message>
    <message>
        <source>Nothing was charged. Switch to offline payments, or take cash.</source>
        <translation>No se cobró nada. Pasa a pagos sin conexión o cobra en efectivo.</translation>
    </message>
    <message>
        <source>Nothing was charged. Wait a moment and try again.</source>
        <translation>No se cobró nada. Espera un momento e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Nothing was charged.</source>
        <translation>No se cobró nada.</translation>
    </message>
    <message>
        <source>Stripe has not confirmed whether the card was charged. Do not take another card payment for this order — tap Check again.</source>
        <translation>Stripe no ha confirmado si se cobró la tarjeta. No hagas otro pago con tarjeta para este pedido — pulsa Comprobar.</translation>
    </message>
    <message>
        <source>Cards off</source>
        <translation>Tarjetas desactivadas</translation>
    </message>
</context>
</TS>
