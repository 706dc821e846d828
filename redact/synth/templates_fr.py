"""Modèles en français (ajouts en fin de liste uniquement : les ids sont des positions).

Les slots sont ceux de `slots.SLOTS` ; `{date}` est un complément de temps (« le 12 mars »,
« mardi prochain »). Certains modèles ne contiennent aucune donnée personnelle, exprès.
"""

from __future__ import annotations

POSTS: tuple[str, ...] = (
    "Je suis heureux de vous annoncer que je commence un nouveau poste de {job} chez {company} ! "
    "🎉 Après {duration} chez {company2}, il était temps de relever un nouveau défi. Un grand "
    "merci à {m1} et {m2} pour leur confiance.",
    "Après {duration} chez {company}, c'est aujourd'hui mon dernier jour. Merci à {m1}, qui m'a "
    "appris plus que n'importe quel cours à {school}. Pour garder le contact : {email}.",
    "On recrute ! {company} cherche un(e) {job} à {city}. Postulez ici : {company_url} ou "
    "écrivez à {person} ({other_email}).",
    "Fiers d'annoncer que nous avons dépassé les {count} clients. Rien de tout cela n'aurait été "
    "possible sans {m1}. L'article complet sur notre blog : {blog_url} {hashtag}",
    "Super moment à {event} {date}. Les slides sont sur mon profil : {url}. Merci {m1} pour "
    "l'invitation !",
    "{count} candidatures en {duration} pour un seul poste de {job}. Si vous avez postulé : nous "
    "lisons chaque dossier. {hashtag} {hashtag2}",
    "En recherche active d'un poste de {job}. {duration} d'expérience sur {tech} et {tech2}. "
    "Contactez-moi au {phone} ou par mail : {email}. {hashtag}",
    "Félicitations à {m1} pour sa promotion au poste de {job} ! Amplement mérité après "
    "{duration} de travail acharné.",
    "Leçon apprise après {duration} dans la vente : écouter plus que parler. {percent} de mes "
    "meilleures affaires viennent de recommandations. Et vous, votre meilleur conseil ? "
    "{hashtag}",
    "Tentative d'arnaque : quelqu'un se faisant passer pour {company} m'a demandé de confirmer "
    "ma carte {card} et mon IBAN {iban}. Ne tombez pas dans le piège, {company} ne demande "
    "jamais ça par mail.",
    "Nos logs montrent des tentatives de connexion répétées depuis l'adresse {ip}. Si c'est toi "
    "{pfirst}, merci de changer tes clés {date}.",
    "Ravis d'accueillir {m1} chez {company} en tant que {job} ! {m1} nous rejoint après "
    "{duration} chez {company2} à construire des pipelines {tech}.",
    "Nouvel article sur la migration de {count} services vers {tech} : {blog_url}. Vos retours "
    "sont les bienvenus, surtout ceux de {m1} qui l'a vécue avec moi.",
    "Notre meetup revient {date} à {city} ! {count} places disponibles. Inscription : "
    "{company_page}",
    "Je m'appelle {name}, {job} à {city}. Depuis {duration}, j'aide les startups à structurer "
    "leurs équipes data. Connectons-nous : {url}",
    "Merci à {person} du support {company}, qui a résolu mon problème en {duration}. Le service "
    "client, ça compte !",
    "Grande nouvelle : {company} lève {price} pour se développer à l'international (prochaine "
    "étape : {country}). Bravo à {m1}, {m2} et {m3} ! Nous recrutons : {company_url}",
    "Besoin d'aide sur {tech} ? Appelez-moi au {phone}. Premier échange offert, ensuite {price} "
    "de l'heure.",
    "{duration} en tant que {job}, l'heure du bilan. Mon meilleur investissement : le mentorat. "
    "Merci {m1} d'avoir été la meilleure mentorée possible.",
    "Mon article sur le télétravail a fait {count} vues. Merci pour vos lectures ! Version "
    "complète : {blog_url}",
    "Croissance de {percent} en {year} par rapport à {year2}. Pas mal pour une équipe de {count} "
    "personnes. Prochaine étape : {country} !",
    "J'ai perdu mon portefeuille près de la gare de {city} {date}. Si quelqu'un l'a trouvé, "
    "merci de me contacter au {phone} ou à {email}.",
    "{job} freelance, disponible {date}. {duration} d'expérience, des clients en France et à "
    "l'étranger. Portfolio : {company_url} ou écrivez-moi @{handle}.",
    "Aujourd'hui je fête {duration} chez {company} et j'apprends encore tous les jours. Merci à "
    "toutes celles et ceux qui rendent ça possible, en particulier {m1}.",
    "Quelqu'un connaît un bon {job} à {city} ? Mon amie {person} en cherche un. Écrivez-moi en "
    "MP ou à {other_email}.",
    "Certification {tech} obtenue ! {duration} de soirées et de week-ends. Prochain objectif : "
    "{tech2}. {hashtag}",
    "Notre équipe de {city} organise des portes ouvertes {date}. Venez rencontrer {m1} et toute "
    "l'équipe. Inscription via {company_page}",
    "Je quitte mes fonctions de {job} chez {company} après {duration}. Je laisse l'entreprise "
    "entre les mains de {person}, qui prendra le relais {date}. Vous pouvez toujours me joindre "
    "à {email}.",
    "Question aux freelances : mon client dit avoir viré le paiement sur {iban} mais la banque "
    "dit que le compte n'existe pas. Quelqu'un a déjà vu ça ?",
    "Programme de mentorat : {count} binômes formés ce trimestre. Merci à {m1} et {person} qui "
    "animent l'antenne de {city}. Détails : {blog_url}",
    "Merci {m1} pour la recommandation ! Travailler avec toi chez {company} pendant {duration} a "
    "été un privilège.",
    "Trois choses apprises à {event} : 1) {tech} est partout, 2) le recrutement reste le nerf de "
    "la guerre, 3) les files pour le café sont interminables. À l'année prochaine ! {hashtag}",
    "Je déménage à {city} le mois prochain ! Des conseils ? Vous pouvez m'envoyer un SMS au "
    "{phone}. 🙏",
    "Pendaison de crémaillère chez moi samedi : {address}. Apportez de quoi grignoter ! 🎉 En "
    "cas de souci, appelez le {phone}.",
    "Retour en {year}, quand {person} et moi avons lancé {company} dans un garage à {city}. "
    "{duration} plus tard, nous sommes {count}.",
    "Bienvenue à {person}, qui rejoint l'équipe en tant que {job} ! Après {duration} chez "
    "{company}, elle apporte une solide expertise {tech}.",
    "Alerte arnaque : quelqu'un se fait passer pour notre recruteuse {person} avec l'adresse "
    "{other_email}. Notre seul site officiel : {company_url}. Signalez les faux profils sur "
    "{company_page}.",
    "Le rapport annuel de {company} est en ligne : chiffre d'affaires en hausse de {percent}, "
    "{count} recrutements et un nouveau bureau à {city}. À lire ici : {blog_url}",
    "J'ai été interviewé(e) dans la newsletter de {company} cette semaine ! Merci {m1}. Le lien "
    ": {lnkd}",
    "Lancement produit {date}. À partir de {price}. Précommandes sur {company_url} {hashtag} "
    "{hashtag2}",
    "{duration} d'amitié et de collaboration avec {m1}. Aujourd'hui, on fête le départ à la "
    "retraite de {m1} après une carrière chez {company} et {company2}.",
    "Bonjour le réseau ! Je recherche un poste de {job} à {city} ou en télétravail. {duration} "
    "d'expérience. CV sur demande : {email} | {phone} | {url}",
    "Nouvel article : comment nous avons réduit notre facture {tech} de {percent}. Coécrit avec "
    "{m1}. {blog_url}",
    "Retrouvez-nous sur le stand {count} à {event} {date} ! {m1} et moi serons là.",
    "Conseil aux nouveaux managers : bloquez une heure par semaine pour les one-to-one. Ça a "
    "tout changé pour mon équipe chez {company}.",
    "Quelqu'un connaît {person} ? On s'est rencontrés à {event} et j'ai perdu sa carte. Cette "
    "personne travaille chez {company} comme {job}.",
    "Retour d'expérience après {duration} de recherche d'emploi : {count} candidatures, 12 "
    "entretiens, 1 offre. Ne lâchez rien ! Si je peux aider, mes MP sont ouverts, ou écrivez-moi "
    "à {email}.",
    "Notre course solidaire a récolté {price} ! Les dons sont encore possibles par virement sur "
    "{iban} (référence COURSE{year}). Merci à tous !",
    "Migration terminée ✅ La nouvelle IP du serveur de recette est {ip}, l'ancienne ({ip2}) "
    "sera décommissionnée {date}. Demandez les accès à {pfirst}.",
    "La version {version} de notre bibliothèque open source est disponible ! {count} "
    "contributeurs, dont {m1}. Notes de version : {blog_url}",
    "Auto-entrepreneur depuis {duration} ! Mon numéro SIRET : {siret}. Pour tout devis : "
    "{email} ou {phone}.",
    "Un candidat m'a envoyé son numéro de sécurité sociale ({nir}) dans un message public. "
    "Rappel : ne partagez jamais ces informations en ligne ! {hashtag}",
    "Ticket {ticket} clôturé : le support {company} a répondu en {duration}. Bravo à {person} !",
    "La maison {last}, entreprise familiale depuis {year}, recrute un(e) {job} à {city} !",
    "Bienvenue au monde, petit bout ! 👶 {m1} et moi sommes aux anges. De retour chez {company} "
    "{date}.",
    "Bilan {year} : {count} conférences, des dizaines de trains et une équipe formidable chez "
    "{company}. Merci {m1}, {m2} et {person} !",
    "Jour {count} de mon apprentissage de {tech}. Aujourd'hui : les tests. {hashtags}",
    "Anecdote : notre premier bureau était une table de cuisine à {city}. {duration} et {count} "
    "salariés plus tard, on déjeune toujours ensemble le vendredi.",
    "Grand changement ! Après {duration} chez {company}, je rejoins {company2} en tant que {job}. "
    "Je serai basé(e) à {city} et je continuerai à travailler sur {tech}. Je dois beaucoup à "
    "{m1}, qui m'a recruté(e) en {year}. Et merci à {m2} pour chaque revue de code. Nouveau "
    "contact pro : {email}.",
    "La semaine dernière, notre équipe a livré la plus grosse version de {year}. Il aura fallu "
    "{duration}, {count} pull requests et beaucoup de café. {m1} a piloté le backend. {person} a "
    "conçu le nouvel onboarding. Résultat : {percent} de rétention en plus dès les premiers "
    "jours. Tous les détails sur le blog : {blog_url}",
    "Je vends mon bureau assis-debout avant de déménager à {city}. Très bon état, {price}. À "
    "récupérer sur place : {address}. Disponible {date}. SMS au {phone} ou mail à {email}.",
    "Nouveau profil, nouvelle URL : {url}. Vous pouvez aussi me mentionner avec @{handle}.",
    "Liste blanche du VPN mise à jour : {ip} et {ip2}. Si vous travaillez depuis le bureau de "
    "{city}, prévenez {pfirst} {date}.",
)

COMMENTS: tuple[str, ...] = (
    "Félicitations {m1} ! Bien mérité 👏",
    "Super post {m1} ! Je l'ai partagé avec mon équipe chez {company}.",
    "Tellement vrai. Après {duration} dans le métier, je ne peux qu'approuver.",
    "Intéressé(e) ! Vous pouvez me joindre à {email}.",
    "Je serai là {date}. {m1}, tu viens aussi ?",
    "Merci pour le partage ! Je veux bien les slides : {email}",
    "Avec plaisir, appelle-moi au {phone} quand tu veux.",
    "{m1} ça devrait t'intéresser !",
    "Bravo ! {company} a de la chance de t'avoir.",
    "Bonjour, je suis {name}, {job} chez {company}. Connectons-nous : {url}",
    "Le poste est-il ouvert aux candidats hors de France, par exemple {country} ?",
    "Pareil pour moi la semaine dernière, l'arnaqueur appelait depuis le {other_phone}. Signalé.",
    "Bienvenue {m1} ! 🎉",
    "D'accord avec {person}, {tech} c'est beaucoup trop pour {count} utilisateurs.",
    "+1, voir aussi {blog_url}",
    "Je suis. @{other_handle} saura peut-être.",
    "Merci {m1} et {m2}, c'était un travail d'équipe !",
    "Bonne chance pour la suite ! Amicalement, {first}",
    "cc @{other_handle}, tu en parlais la semaine dernière.",
    "Voici son profil si vous voulez la contacter : {other_url}",
)

MESSAGES: tuple[str, ...] = (
    "Bonjour {pfirst}, merci pour la mise en relation ! Voici mon numéro : {phone}. On "
    "s'appelle {date} ?",
    "Bonjour {pfirst}, comme convenu, voici mon IBAN pour la facture : {iban}. Merci !",
    "Salut, tu peux envoyer le contrat à {email} ? Mon adresse pour l'exemplaire papier : "
    "{address}.",
    "Bonjour {pfirst}, ma nouvelle carte est la {card}, pouvez-vous mettre à jour l'abonnement ? "
    "Merci, {first}",
    "Merci pour l'appel. Pour le dossier de paie : mon numéro de sécurité sociale est le {nir} "
    "et mon adresse {address}.",
    "Bonjour ! Je suis {name}, nous nous sommes croisés à {event}. J'aimerais échanger sur le "
    "poste de {job}. Mon mail : {email}",
    "Peux-tu autoriser mon IP {ip} sur le VPN ? Merci !",
    "Voici mon SIRET pour la facture : {siret}. Paiement par virement sur {iban} svp.",
    "Bonjour {pfirst}, {person} m'a donné votre contact. Pourrions-nous caler un créneau la "
    "semaine prochaine ? Je suis joignable au {phone}.",
    "Bien sûr, mon mail perso est {email} et mon portable le {phone}. À bientôt, {first}",
    "Bonjour {pfirst}, le poste de {job} chez {company} vous intéresse toujours ? La prise de "
    "poste est prévue {date}.",
    "Tu peux appeler {person} au {other_phone} ? Elle gère les comptes de {city}.",
    "Salut {pfirst} ! J'ai adoré ton intervention à {event}. Voici mon profil si tu veux te "
    "connecter : {url}",
    "Rappel : le dîner d'équipe a lieu {date} au {address}, à 19 h.",
    "Bonjour, j'ai viré {price} sur {iban} ce matin, pouvez-vous confirmer la réception ? Carte "
    "utilisée : {card}.",
    "Mon ancien numéro était le {other_phone}, merci d'utiliser le {phone} désormais. Bien à "
    "vous, {name}",
    "Mon SIRET a changé après le déménagement : {siret}, domiciliation au {address}.",
    "Pour la mutuelle, mon numéro de sécurité sociale est le {nir}. Tu peux me joindre au "
    "{phone}.",
)

TEMPLATES: dict[str, tuple[str, ...]] = {"post": POSTS, "comment": COMMENTS, "message": MESSAGES}
